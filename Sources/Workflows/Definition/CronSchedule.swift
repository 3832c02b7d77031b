import Foundation

/// A POSIX five-field cron expression (`minute hour day-of-month month day-of-week`) as `on.schedule` accepts it:
/// numbers, `*`, ranges `a-b`, lists, steps `*/n`, `a-b/n` and `a/n`, month names JAN–DEC and weekday names
/// SUN–SAT (any case), weekday 0–6 with 7 also Sunday. Evaluated in UTC unless another time zone is given.
/// When both day fields are restricted a day matches either (classic cron). GitHub runs schedules at most every
/// 5 minutes; that minimum is documented only, not enforced here.
struct CronSchedule: Sendable, Hashable {
    /// The expression as written.
    let expression: String
    let timeZone: TimeZone
    private let minutes: UInt64
    private let hours: UInt64
    private let daysOfMonth: UInt64
    private let months: UInt64
    private let daysOfWeek: UInt64
    private let dayOfMonthRestricted: Bool
    private let dayOfWeekRestricted: Bool

    /// Why an expression is not valid cron.
    struct ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        var expression: String
        var reason: String
        var description: String { "Invalid cron expression '\(expression)': \(reason)" }
    }

    /// One of the five fields: its name for messages, its value range and its accepted names.
    private struct Field {
        var name: String
        var range: ClosedRange<Int>
        var names: [String] = []
        var nameBase = 0
    }

    private static let fields = [
        Field(name: "minute", range: 0...59),
        Field(name: "hour", range: 0...23),
        Field(name: "day of month", range: 1...31),
        Field(name: "month", range: 1...12,
              names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], nameBase: 1),
        Field(name: "day of week", range: 0...7, names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ]

    init(_ expression: String, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .gmt) throws(ParseError) {
        self.expression = expression
        self.timeZone = timeZone
        let parts = expression.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard parts.count == 5 else {
            throw ParseError(expression: expression, reason: "expected 5 fields (minute hour day month weekday), found \(parts.count)")
        }
        var sets: [UInt64] = []
        for (part, field) in zip(parts, CronSchedule.fields) {
            sets.append(try CronSchedule.parse(part, field, expression))
        }
        minutes = sets[0]
        hours = sets[1]
        daysOfMonth = sets[2]
        months = sets[3]
        // 7 is Sunday too.
        daysOfWeek = sets[4] & 0x7F | (sets[4] >> 7 & 1)
        dayOfMonthRestricted = !parts[2].hasPrefix("*")
        dayOfWeekRestricted = !parts[4].hasPrefix("*")
    }

    private static func parse(_ text: String, _ field: Field, _ expression: String) throws(ParseError) -> UInt64 {
        func fail(_ reason: String) -> ParseError {
            ParseError(expression: expression, reason: "\(reason) in \(field.name) field '\(text)'")
        }
        func value(_ token: Substring) throws(ParseError) -> Int {
            if let index = field.names.firstIndex(of: token.uppercased()) { return index + field.nameBase }
            guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber), let number = Int(token) else {
                throw fail("invalid value '\(token)'")
            }
            guard field.range.contains(number) else {
                throw fail("value \(number) out of range \(field.range.lowerBound)-\(field.range.upperBound)")
            }
            return number
        }
        var set: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
            guard stepParts.count <= 2 else { throw fail("invalid step") }
            var step = 1
            if stepParts.count == 2 {
                guard stepParts[1].allSatisfy({ $0.isASCII && $0.isNumber }), let parsed = Int(stepParts[1]),
                      parsed > 0, parsed <= field.range.upperBound else {
                    throw fail("invalid step '\(stepParts[1])'")
                }
                step = parsed
            }
            let base = stepParts[0]
            var bounds: ClosedRange<Int>
            if base == "*" {
                bounds = field.range
            } else {
                let ends = base.split(separator: "-", omittingEmptySubsequences: false)
                guard ends.count <= 2 else { throw fail("invalid range '\(base)'") }
                let low = try value(ends[0])
                let high = ends.count == 2 ? try value(ends[1]) : (stepParts.count == 2 ? field.range.upperBound : low)
                guard low <= high else { throw fail("range '\(base)' ends before it starts") }
                bounds = low...high
            }
            for number in stride(from: bounds.lowerBound, through: bounds.upperBound, by: step) {
                set |= 1 << UInt64(number)
            }
        }
        return set
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private static func contains(_ set: UInt64, _ value: Int) -> Bool {
        (0..<64).contains(value) && set & (1 << UInt64(value)) != 0
    }

    private func dayMatches(_ components: DateComponents) -> Bool {
        let dom = CronSchedule.contains(daysOfMonth, components.day ?? 0)
        let dow = CronSchedule.contains(daysOfWeek, (components.weekday ?? 1) - 1)
        if dayOfMonthRestricted && dayOfWeekRestricted { return dom || dow }
        return dom && dow
    }

    /// Whether the schedule fires in the minute containing `date`.
    func matches(_ date: Date) -> Bool {
        let components = calendar.dateComponents([.minute, .hour, .day, .month, .weekday], from: date)
        return CronSchedule.contains(minutes, components.minute ?? -1)
            && CronSchedule.contains(hours, components.hour ?? -1)
            && CronSchedule.contains(months, components.month ?? -1)
            && dayMatches(components)
    }

    /// The start of the first minute strictly after `date` at which the schedule fires; nil when it never fires
    /// within the next nine years (e.g. `0 0 31 2 *`).
    func next(after date: Date) -> Date? {
        let calendar = calendar
        var time = Date(timeIntervalSinceReferenceDate: (date.timeIntervalSinceReferenceDate / 60).rounded(.down) * 60 + 60)
        let limit = time.addingTimeInterval(9 * 366 * 86_400)
        while time < limit {
            let components = calendar.dateComponents([.year, .minute, .hour, .day, .month, .weekday], from: time)
            if !CronSchedule.contains(months, components.month ?? -1) {
                var start = DateComponents(year: components.year, month: (components.month ?? 1) + 1, day: 1)
                start.hour = 0
                guard let next = calendar.date(from: start), next > time else { return nil }
                time = next
            } else if !dayMatches(components) {
                let tomorrow = calendar.date(byAdding: .day, value: 1, to: calendar.startOfDay(for: time))
                guard let next = tomorrow, next > time else { return nil }
                time = next
            } else if !CronSchedule.contains(hours, components.hour ?? -1) {
                time = time.addingTimeInterval(Double(60 - (components.minute ?? 0)) * 60)
            } else if !CronSchedule.contains(minutes, components.minute ?? -1) {
                time = time.addingTimeInterval(60)
            } else {
                return time
            }
        }
        return nil
    }
}
