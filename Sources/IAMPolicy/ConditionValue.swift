import Foundation

/// Reads condition values as the typed operator families compare them: numbers, dates, bytes.
enum ConditionValue {
    /// A decimal number; infinities and NaN are not numbers here.
    static func number(_ text: String) -> Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// Base64 text as bytes.
    static func bytes(_ text: String) -> [UInt8]? {
        Data(base64Encoded: text).map { Array($0) }
    }

    /// Seconds since 1970 from epoch seconds or a W3C ISO 8601 date: `2020`, `2020-01`, `2020-01-31`,
    /// `2020-01-31T12:30Z`, `2020-01-31T12:30:05.250+02:00`; a missing zone is UTC.
    static func date(_ text: String) -> Double? {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
           text.count(where: { $0 == "." }) <= 1, text.first != ".", text.last != "." {
            return Double(text)
        }
        var scanner = DateScanner(text)
        return scanner.read()
    }
}

/// A small reader for the ISO 8601 forms policies use.
private struct DateScanner {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) { characters = Array(text) }

    mutating func read() -> Double? {
        guard let year = digits(min: 4, max: 4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0.0, offset = 0
        if accept("-") {
            guard let value = digits(min: 2, max: 2), (1...12).contains(value) else { return nil }
            month = value
            if accept("-") {
                guard let value = digits(min: 2, max: 2), (1...Self.days(in: month, of: year)).contains(value) else { return nil }
                day = value
            }
        }
        if accept("T") || accept("t") {
            guard let h = digits(min: 1, max: 2), h <= 23, accept(":"),
                  let m = digits(min: 2, max: 2), m <= 59 else { return nil }
            hour = h
            minute = m
            if accept(":") {
                guard let s = digits(min: 2, max: 2), s <= 60 else { return nil }
                second = Double(s)
                if accept(".") {
                    let start = position
                    guard digits(min: 1, max: 9) != nil else { return nil }
                    second += Double("0." + String(characters[start..<position])) ?? 0
                }
            }
            guard let zone = zoneOffset() else { return nil }
            offset = zone
        }
        guard position == characters.count else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        return Double(days * 86_400 + hour * 3_600 + minute * 60 - offset) + second
    }

    /// Seconds east of UTC; UTC when no zone is written.
    private mutating func zoneOffset() -> Int? {
        if position == characters.count { return 0 }
        if accept("Z") || accept("z") { return 0 }
        let sign: Int
        if accept("+") { sign = 1 } else if accept("-") { sign = -1 } else { return nil }
        guard let hours = digits(min: 2, max: 2), hours <= 23 else { return nil }
        var minutes = 0
        if accept(":") {
            guard let value = digits(min: 2, max: 2), value <= 59 else { return nil }
            minutes = value
        } else if let value = digits(min: 2, max: 2) {
            guard value <= 59 else { return nil }
            minutes = value
        }
        return sign * (hours * 3_600 + minutes * 60)
    }

    private mutating func accept(_ character: Character) -> Bool {
        guard position < characters.count, characters[position] == character else { return false }
        position += 1
        return true
    }

    private mutating func digits(min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while count < max, position < characters.count, characters[position].isASCII,
              let digit = characters[position].wholeNumberValue {
            value = value * 10 + digit
            count += 1
            position += 1
        }
        return count >= min ? value : nil
    }

    private static func days(in month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
