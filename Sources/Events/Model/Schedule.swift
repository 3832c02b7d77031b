import Foundation

/// A rule's `ScheduleExpression`: `rate(N unit)` or a six-field `cron(…)` in UTC, as EventBridge accepts them.
enum Schedule: Sendable, Equatable {
    case rate(seconds: Int)
    case cron(CronFields)

    /// The six cron fields, each as the values it allows (nil means any).
    struct CronFields: Sendable, Equatable {
        var minutes: Set<Int>?
        var hours: Set<Int>?
        var daysOfMonth: Set<Int>?
        var lastDayOfMonth: Bool
        var months: Set<Int>?
        var daysOfWeek: Set<Int>?
        /// `d#n`: the nth weekday d of the month.
        var nthWeekday: (day: Int, nth: Int)?
        var years: Set<Int>?

        static func == (lhs: CronFields, rhs: CronFields) -> Bool {
            lhs.minutes == rhs.minutes && lhs.hours == rhs.hours && lhs.daysOfMonth == rhs.daysOfMonth && lhs.lastDayOfMonth == rhs.lastDayOfMonth
                && lhs.months == rhs.months && lhs.daysOfWeek == rhs.daysOfWeek && lhs.nthWeekday?.day == rhs.nthWeekday?.day
                && lhs.nthWeekday?.nth == rhs.nthWeekday?.nth && lhs.years == rhs.years
        }
    }

    struct Invalid: Error { let expression: String }

    init(_ expression: String) throws {
        let text = expression.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("rate("), text.hasSuffix(")") {
            let parts = text.dropFirst(5).dropLast().split(separator: " ")
            guard parts.count == 2, let value = Int(parts[0]), value > 0 else { throw Invalid(expression: expression) }
            let unit: Int
            switch parts[1] {
            case "minute" where value == 1, "minutes" where value > 1: unit = 60
            case "hour" where value == 1, "hours" where value > 1: unit = 3600
            case "day" where value == 1, "days" where value > 1: unit = 86_400
            default: throw Invalid(expression: expression)
            }
            self = .rate(seconds: value * unit)
            return
        }
        guard text.hasPrefix("cron("), text.hasSuffix(")") else { throw Invalid(expression: expression) }
        let fields = text.dropFirst(5).dropLast().split(separator: " ").map(String.init)
        guard fields.count == 6 else { throw Invalid(expression: expression) }
        // Exactly one of day-of-month and day-of-week is `?`.
        guard (fields[2] == "?") != (fields[4] == "?") else { throw Invalid(expression: expression) }
        let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
        let days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]
        func parse(_ field: String, _ range: ClosedRange<Int>, names: [String] = [], base: Int = 0) throws -> Set<Int>? {
            if field == "*" || field == "?" { return nil }
            var values = Set<Int>()
            for item in field.split(separator: ",").map(String.init) {
                let stepParts = item.split(separator: "/").map(String.init)
                guard (1...2).contains(stepParts.count) else { throw Invalid(expression: expression) }
                let step = stepParts.count == 2 ? Int(stepParts[1]) : 1
                guard let step, step > 0 else { throw Invalid(expression: expression) }
                func number(_ text: String) throws -> Int {
                    if let value = Int(text), range.contains(value) { return value }
                    if let index = names.firstIndex(of: text.uppercased()) { return index + base }
                    throw Invalid(expression: expression)
                }
                let bounds = stepParts[0].split(separator: "-").map(String.init)
                let low: Int, high: Int
                if stepParts[0] == "*" {
                    (low, high) = (range.lowerBound, range.upperBound)
                } else if bounds.count == 2 {
                    (low, high) = (try number(bounds[0]), try number(bounds[1]))
                } else if bounds.count == 1 {
                    low = try number(bounds[0])
                    high = stepParts.count == 2 ? range.upperBound : low
                } else {
                    throw Invalid(expression: expression)
                }
                guard low <= high else { throw Invalid(expression: expression) }
                values.formUnion(stride(from: low, through: high, by: step))
            }
            return values
        }
        var cron = CronFields(
            minutes: try parse(fields[0], 0...59), hours: try parse(fields[1], 0...23), daysOfMonth: nil, lastDayOfMonth: false,
            months: try parse(fields[3], 1...12, names: months, base: 1), daysOfWeek: nil, nthWeekday: nil, years: try parse(fields[5], 1970...2199)
        )
        if fields[2] == "L" {
            cron.lastDayOfMonth = true
        } else {
            cron.daysOfMonth = try parse(fields[2].replacingOccurrences(of: "W", with: ""), 1...31)
        }
        if fields[4].contains("#") {
            let parts = fields[4].split(separator: "#").map(String.init)
            guard parts.count == 2, let nth = Int(parts[1]), (1...5).contains(nth),
                  let day = try parse(parts[0], 1...7, names: days, base: 1)?.first
            else { throw Invalid(expression: expression) }
            cron.nthWeekday = (day, nth)
        } else {
            cron.daysOfWeek = try parse(fields[4].replacingOccurrences(of: "L", with: ""), 1...7, names: days, base: 1)
        }
        self = .cron(cron)
    }

    /// The first time the schedule fires strictly after `date` (nil when a cron never fires again).
    func next(after date: Date) -> Date? {
        switch self {
        case .rate(let seconds):
            return date.addingTimeInterval(Double(seconds))
        case .cron(let cron):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
            let start = (date.timeIntervalSince1970 / 60).rounded(.down) * 60 + 60
            var minute = Date(timeIntervalSince1970: start)
            let limit = date.addingTimeInterval(5 * 366 * 86_400)
            while minute < limit {
                let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: minute)
                guard let year = parts.year, let month = parts.month, let day = parts.day, let hour = parts.hour,
                      let minuteOfHour = parts.minute, let weekday = parts.weekday
                else { return nil }
                let dayMatches: Bool
                if cron.lastDayOfMonth {
                    dayMatches = calendar.range(of: .day, in: .month, for: minute)?.count == day
                } else if let nth = cron.nthWeekday {
                    dayMatches = weekday == nth.day && (day - 1) / 7 + 1 == nth.nth
                } else {
                    dayMatches = (cron.daysOfMonth?.contains(day) ?? true) && (cron.daysOfWeek?.contains(weekday) ?? true)
                }
                guard (cron.years?.contains(year) ?? true), (cron.months?.contains(month) ?? true), dayMatches else {
                    // Skip to the next day.
                    minute = calendar.startOfDay(for: minute).addingTimeInterval(86_400)
                    continue
                }
                guard cron.hours?.contains(hour) ?? true else {
                    minute = minute.addingTimeInterval(Double(60 - minuteOfHour) * 60)
                    continue
                }
                if cron.minutes?.contains(minuteOfHour) ?? true { return minute }
                minute = minute.addingTimeInterval(60)
            }
            return nil
        }
    }
}
