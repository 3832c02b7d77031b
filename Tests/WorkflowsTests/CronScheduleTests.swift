import Foundation
import Testing
@testable import Workflows

/// A UTC date from `yyyy-MM-ddTHH:mm:ssZ`.
private func date(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text) ?? .distantPast
}

@Suite("Cron schedules")
struct CronScheduleTests {
    @Test func everyFifteenMinutes() throws {
        let cron = try CronSchedule("*/15 * * * *")
        #expect(cron.matches(date("2024-03-05T10:00:00Z")))
        #expect(cron.matches(date("2024-03-05T10:45:59Z")))
        #expect(!cron.matches(date("2024-03-05T10:50:00Z")))
        #expect(cron.next(after: date("2024-03-05T10:00:00Z")) == date("2024-03-05T10:15:00Z"))
        #expect(cron.next(after: date("2024-03-05T10:14:59Z")) == date("2024-03-05T10:15:00Z"))
        #expect(cron.next(after: date("2024-03-05T23:59:00Z")) == date("2024-03-06T00:00:00Z"))
    }

    @Test func docsExampleWeekdays() throws {
        // GitHub's docs: '30 5 * * 1,3' runs at 5:30 UTC on Monday and Wednesday.
        let cron = try CronSchedule("30 5 * * 1,3")
        #expect(cron.matches(date("2024-01-01T05:30:00Z")))  // Monday
        #expect(!cron.matches(date("2024-01-02T05:30:00Z"))) // Tuesday
        #expect(cron.next(after: date("2024-01-01T05:30:00Z")) == date("2024-01-03T05:30:00Z"))
        #expect(cron.next(after: date("2024-01-03T06:00:00Z")) == date("2024-01-08T05:30:00Z"))
    }

    @Test func namesAndSundaySeven() throws {
        let names = try CronSchedule("0 12 * jan-mar MON-fri")
        #expect(names.matches(date("2024-02-05T12:00:00Z")))
        #expect(!names.matches(date("2024-04-01T12:00:00Z")))
        #expect(!names.matches(date("2024-02-04T12:00:00Z")))
        let seven = try CronSchedule("0 0 * * 7")
        let zero = try CronSchedule("0 0 * * SUN")
        #expect(seven.matches(date("2024-02-04T00:00:00Z")))
        #expect(zero.matches(date("2024-02-04T00:00:00Z")))
        #expect(!seven.matches(date("2024-02-05T00:00:00Z")))
        #expect(try CronSchedule("0 0 * * 5-7").matches(date("2024-02-04T00:00:00Z")))
    }

    @Test func rangesStepsAndLists() throws {
        let cron = try CronSchedule("5-20/5,58 9-17/4 * * *")
        for minute in [5, 10, 15, 20, 58] { #expect(cron.matches(date(String(format: "2024-05-01T09:%02d:00Z", minute)))) }
        #expect(!cron.matches(date("2024-05-01T09:25:00Z")))
        #expect(cron.matches(date("2024-05-01T13:05:00Z")))
        #expect(cron.matches(date("2024-05-01T17:58:00Z")))
        #expect(!cron.matches(date("2024-05-01T10:05:00Z")))
        // `a/n` runs from a to the end of the range.
        let from = try CronSchedule("50/5 * * * *")
        #expect(from.matches(date("2024-05-01T09:55:00Z")))
        #expect(!from.matches(date("2024-05-01T09:00:00Z")))
    }

    @Test func dayOfMonthOrDayOfWeek() throws {
        // Both restricted: either matches (classic cron).
        let either = try CronSchedule("0 0 13 * FRI")
        #expect(either.matches(date("2024-09-13T00:00:00Z")))  // Friday the 13th
        #expect(either.matches(date("2024-09-20T00:00:00Z")))  // a Friday
        #expect(either.matches(date("2024-10-13T00:00:00Z")))  // a Sunday the 13th
        #expect(!either.matches(date("2024-10-14T00:00:00Z")))
        // Only one restricted: that one decides.
        let dom = try CronSchedule("0 0 13 * *")
        #expect(!dom.matches(date("2024-09-20T00:00:00Z")))
    }

    @Test func nextAcrossMonthAndYearEnds() throws {
        let firstOfMonth = try CronSchedule("0 0 1 * *")
        #expect(firstOfMonth.next(after: date("2024-01-31T23:59:00Z")) == date("2024-02-01T00:00:00Z"))
        #expect(firstOfMonth.next(after: date("2024-12-15T08:00:00Z")) == date("2025-01-01T00:00:00Z"))
        let newYear = try CronSchedule("30 23 31 DEC *")
        #expect(newYear.next(after: date("2024-12-31T23:30:00Z")) == date("2025-12-31T23:30:00Z"))
        #expect(newYear.next(after: date("2024-06-01T00:00:00Z")) == date("2024-12-31T23:30:00Z"))
        let endOfMonth = try CronSchedule("0 12 31 * *")
        #expect(endOfMonth.next(after: date("2024-04-01T00:00:00Z")) == date("2024-05-31T12:00:00Z"))
        let leapDay = try CronSchedule("0 0 29 2 *")
        #expect(leapDay.next(after: date("2024-03-01T00:00:00Z")) == date("2028-02-29T00:00:00Z"))
        let never = try CronSchedule("0 0 30 2 *")
        #expect(never.next(after: date("2024-01-01T00:00:00Z")) == nil)
    }

    @Test func nextIsStrictlyAfter() throws {
        let everyMinute = try CronSchedule("* * * * *")
        #expect(everyMinute.next(after: date("2024-01-01T00:00:00Z")) == date("2024-01-01T00:01:00Z"))
        #expect(everyMinute.next(after: date("2024-01-01T00:00:30Z")) == date("2024-01-01T00:01:00Z"))
    }

    @Test func otherTimeZone() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        let cron = try CronSchedule("0 9 * * *", timeZone: paris)
        #expect(cron.matches(date("2024-01-10T08:00:00Z")))  // CET, UTC+1
        #expect(cron.matches(date("2024-07-10T07:00:00Z")))  // CEST, UTC+2
        #expect(cron.next(after: date("2024-01-10T08:00:00Z")) == date("2024-01-11T08:00:00Z"))
    }

    @Test(arguments: [
        "", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *", "* * 0 * *", "* * 32 * *", "* * * 13 * ", "* * * * 8",
        "*/0 * * * *", "*/60 * * * *", "5-1 * * * *", "a * * * *", "1,,2 * * * *", "1-2-3 * * * *", "1/2/3 * * * *",
        "* * * FOO *", "-1 * * * *", "*/+5 * * * *", "? * * * *", "@daily",
    ])
    func invalidExpressions(_ expression: String) {
        #expect(throws: CronSchedule.ParseError.self) { try CronSchedule(expression) }
    }

    @Test func errorDescription() {
        do {
            _ = try CronSchedule("61 * * * *")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "Invalid cron expression '61 * * * *': value 61 out of range 0-59 in minute field '61'")
        }
    }
}
