import Foundation

/// Formats and parses the timestamp forms AWS protocols use, without `DateFormatter` (which is slow and locale-bound).
public enum Timestamp {
    private static let dayNames: [String] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    private static let monthNames: [String] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// Calendar fields of a UTC instant.
    struct Fields {
        var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int
        var daysSinceEpoch: Int
    }

    static func fields(of date: Date) -> Fields {
        let totalMillis = (date.timeIntervalSince1970 * 1000).rounded(.down)
        // Clamp to years 0...9999 so hostile values cannot overflow the arithmetic below.
        let clamped = Int64(max(-62_167_219_200_000, min(253_402_300_799_999, totalMillis.isFinite ? totalMillis : 0)))
        var days = clamped / 86_400_000
        var millisOfDay = clamped % 86_400_000
        if millisOfDay < 0 {
            millisOfDay += 86_400_000
            days -= 1
        }
        let (year, month, day) = civil(fromDays: Int(days))
        let ms = Int(millisOfDay)
        return Fields(
            year: year, month: month, day: day,
            hour: ms / 3_600_000, minute: ms / 60_000 % 60, second: ms / 1000 % 60, millisecond: ms % 1000,
            daysSinceEpoch: Int(days)
        )
    }

    /// `2015-08-30T12:36:00Z`, or with `.SSS` when `milliseconds` is `.always` or `.whenNonZero` and there are some.
    static func iso8601(_ date: Date, milliseconds: MillisecondStyle) -> String {
        let f = fields(of: date)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendDigits(&out, f.year, width: 4)
        out.append(UInt8(ascii: "-"))
        appendDigits(&out, f.month, width: 2)
        out.append(UInt8(ascii: "-"))
        appendDigits(&out, f.day, width: 2)
        out.append(UInt8(ascii: "T"))
        appendDigits(&out, f.hour, width: 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, f.minute, width: 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, f.second, width: 2)
        if milliseconds == .always || (milliseconds == .whenNonZero && f.millisecond != 0) {
            out.append(UInt8(ascii: "."))
            appendDigits(&out, f.millisecond, width: 3)
        }
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// When ISO 8601 output carries milliseconds.
    enum MillisecondStyle {
        case never, always, whenNonZero
    }

    /// `Wed, 12 Oct 2009 17:50:00 GMT` (RFC 7231 IMF-fixdate), as HTTP headers carry dates.
    public static func httpDate(_ date: Date) -> String {
        let f = fields(of: date)
        var weekday = f.daysSinceEpoch % 7
        if weekday < 0 { weekday += 7 }
        var out: [UInt8] = []
        out.reserveCapacity(29)
        out.append(contentsOf: dayNames[weekday].utf8)
        out.append(contentsOf: ", ".utf8)
        appendDigits(&out, f.day, width: 2)
        out.append(UInt8(ascii: " "))
        out.append(contentsOf: monthNames[f.month - 1].utf8)
        out.append(UInt8(ascii: " "))
        appendDigits(&out, f.year, width: 4)
        out.append(UInt8(ascii: " "))
        appendDigits(&out, f.hour, width: 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, f.minute, width: 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, f.second, width: 2)
        out.append(contentsOf: " GMT".utf8)
        return String(decoding: out, as: UTF8.self)
    }

    /// Epoch seconds as a JSON number: an integer when whole, else up to three decimals.
    static func epochSeconds(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return "0" }
        // Years 0...9999, like the ISO 8601 forms, so the conversion below cannot overflow.
        let millis = max(-62_167_219_200_000, min(253_402_300_799_999, (seconds * 1000).rounded()))
        let whole = Int64(millis)
        if whole % 1000 == 0 { return String(whole / 1000) }
        let sign = whole < 0 ? "-" : ""
        let magnitude = whole.magnitude
        var fraction = String(magnitude % 1000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(magnitude / 1000).\(fraction)"
    }

    /// Parses ISO 8601, RFC 7231 / RFC 850 / asctime HTTP dates or epoch seconds; nil when it is none of them.
    static func parse(_ text: String) -> Date? {
        var utf8 = Array(text.utf8)
        while let last = utf8.last, last == 0x20 || last == 0x09 { utf8.removeLast() }
        var start = 0
        while start < utf8.count, utf8[start] == 0x20 || utf8[start] == 0x09 { start += 1 }
        let bytes = utf8[start...]
        guard let first = bytes.first else { return nil }
        if isDigit(first) {
            if bytes.count >= 10, bytes[bytes.startIndex + 4] == UInt8(ascii: "-") {
                return parseISO8601(bytes)
            }
            guard let seconds = Double(String(decoding: bytes, as: UTF8.self)), seconds.isFinite else { return nil }
            return Date(timeIntervalSince1970: seconds)
        }
        if first == UInt8(ascii: "-") {
            guard let seconds = Double(String(decoding: bytes, as: UTF8.self)), seconds.isFinite else { return nil }
            return Date(timeIntervalSince1970: seconds)
        }
        return parseHTTPDate(bytes)
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fff…][Z|±HH:MM|±HHMM]`; no zone means UTC.
    static func parseISO8601(_ bytes: ArraySlice<UInt8>) -> Date? {
        var reader = DigitReader(bytes: bytes)
        guard let year = reader.number(4), reader.expect("-"),
              let month = reader.number(2), reader.expect("-"),
              let day = reader.number(2)
        else { return nil }
        var hour = 0, minute = 0, second = 0
        var fraction = 0.0
        var offset = 0
        if !reader.atEnd {
            guard reader.expect("T") || reader.expect("t") || reader.expect(" "),
                  let h = reader.number(2), reader.expect(":"),
                  let m = reader.number(2), reader.expect(":"),
                  let s = reader.number(2)
            else { return nil }
            hour = h
            minute = m
            second = s
            if reader.expect(".") || reader.expect(",") {
                var scale = 0.1
                var any = false
                while let digit = reader.digit() {
                    fraction += Double(digit) * scale
                    scale /= 10
                    any = true
                }
                guard any else { return nil }
            }
            if reader.expect("Z") || reader.expect("z") {
                // UTC
            } else if !reader.atEnd {
                let sign: Int
                if reader.expect("+") { sign = 1 } else if reader.expect("-") { sign = -1 } else { return nil }
                guard let oh = reader.number(2) else { return nil }
                _ = reader.expect(":")
                guard let om = reader.number(2) else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        guard reader.atEnd, (1...12).contains(month), (1...31).contains(day),
              hour <= 24, minute <= 59, second <= 60
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days) * 86_400 + Double(hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// `Wed, 12 Oct 2009 17:50:00 GMT`; also the obsolete `Wednesday, 12-Oct-09 17:50:00 GMT`.
    static func parseHTTPDate(_ bytes: ArraySlice<UInt8>) -> Date? {
        guard let comma = bytes.firstIndex(of: UInt8(ascii: ",")) else { return nil }
        var reader = DigitReader(bytes: bytes[(comma + 1)...])
        reader.skipSpaces()
        guard let day = reader.number(2) ?? reader.number(1) else { return nil }
        guard reader.expect(" ") || reader.expect("-") else { return nil }
        guard let monthName = reader.letters(3),
              let monthIndex = monthNames.firstIndex(where: { $0.utf8.elementsEqual(monthName) })
        else { return nil }
        guard reader.expect(" ") || reader.expect("-") else { return nil }
        var year: Int
        if let four = reader.number(4) {
            year = four
        } else if let two = reader.number(2) {
            year = two < 70 ? 2000 + two : 1900 + two
        } else {
            return nil
        }
        guard reader.expect(" "),
              let hour = reader.number(2), reader.expect(":"),
              let minute = reader.number(2), reader.expect(":"),
              let second = reader.number(2)
        else { return nil }
        reader.skipSpaces()
        guard reader.expect("G"), reader.expect("M"), reader.expect("T") else { return nil }
        reader.skipSpaces()
        guard reader.atEnd, (1...31).contains(day), hour <= 23, minute <= 59, second <= 60 else { return nil }
        year = max(0, year)
        let days = daysFromCivil(year: year, month: monthIndex + 1, day: day)
        return Date(timeIntervalSince1970: Double(days) * 86_400 + Double(hour * 3600 + minute * 60 + second))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func appendDigits(_ out: inout [UInt8], _ value: Int, width: Int) {
        var digits: [UInt8] = []
        var rest = max(0, value)
        repeat {
            digits.append(UInt8(48 + rest % 10))
            rest /= 10
        } while rest > 0
        if digits.count < width { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits.count)) }
        out.append(contentsOf: digits.reversed())
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// A cursor over ASCII date text.
    private struct DigitReader {
        let bytes: ArraySlice<UInt8>
        var index: Int

        init(bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            index = bytes.startIndex
        }

        var atEnd: Bool { index >= bytes.endIndex }

        mutating func number(_ count: Int) -> Int? {
            guard bytes.endIndex - index >= count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += count
            return value
        }

        mutating func digit() -> Int? {
            guard index < bytes.endIndex, isDigit(bytes[index]) else { return nil }
            defer { index += 1 }
            return Int(bytes[index] - 48)
        }

        mutating func expect(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.endIndex, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func letters(_ count: Int) -> ArraySlice<UInt8>? {
            guard bytes.endIndex - index >= count else { return nil }
            let slice = bytes[index..<(index + count)]
            index += count
            return slice
        }

        mutating func skipSpaces() {
            while index < bytes.endIndex, bytes[index] == 0x20 { index += 1 }
        }
    }
}
