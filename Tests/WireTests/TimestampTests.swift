import Foundation
import Testing
@testable import Wire

@Suite("Timestamps")
struct TimestampTests {
    @Test("formats the three wire forms")
    func formats() {
        let date = Date(timeIntervalSince1970: 1_255_369_830.5)
        #expect(Timestamp.iso8601(date, milliseconds: .always) == "2009-10-12T17:50:30.500Z")
        #expect(Timestamp.iso8601(date, milliseconds: .never) == "2009-10-12T17:50:30Z")
        #expect(Timestamp.iso8601(date, milliseconds: .whenNonZero) == "2009-10-12T17:50:30.500Z")
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: 1_440_938_160), milliseconds: .whenNonZero) == "2015-08-30T12:36:00Z")
        #expect(Timestamp.httpDate(date) == "Mon, 12 Oct 2009 17:50:30 GMT")
        #expect(Timestamp.httpDate(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(Timestamp.epochSeconds(date) == "1255369830.5")
        #expect(Timestamp.epochSeconds(Date(timeIntervalSince1970: 1_440_938_160)) == "1440938160")
        #expect(Timestamp.epochSeconds(Date(timeIntervalSince1970: 1.123_456)) == "1.123")
        #expect(Timestamp.epochSeconds(Date(timeIntervalSince1970: -1.5)) == "-1.5")
        #expect(Timestamp.iso8601(Date(timeIntervalSince1970: -1), milliseconds: .always) == "1969-12-31T23:59:59.000Z")
        #expect(Timestamp.httpDate(Date(timeIntervalSince1970: 951_782_400)) == "Tue, 29 Feb 2000 00:00:00 GMT")
    }

    @Test("hostile dates clamp instead of trapping", arguments: [Double.infinity, -Double.infinity, .nan, 1e300, -1e300])
    func hostileDates(seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        _ = Timestamp.iso8601(date, milliseconds: .always)
        _ = Timestamp.httpDate(date)
        _ = Timestamp.epochSeconds(date)
    }

    static let parseTable: [(String, Double?)] = [
        ("2015-08-30T12:36:00Z", 1_440_938_160),
        ("2015-08-30T12:36:00.000Z", 1_440_938_160),
        ("2009-10-12T17:50:30.5Z", 1_255_369_830.5),
        ("2024-01-02T04:04:05.250000Z", 1_704_168_245.25),
        ("2015-08-30T14:36:00+02:00", 1_440_938_160),
        ("2015-08-30T12:36:00-0030", 1_440_939_960),
        ("2015-08-30T12:36:00", 1_440_938_160),
        ("2015-08-30", 1_440_892_800),
        ("Sun, 30 Aug 2015 12:36:00 GMT", 1_440_938_160),
        ("Sunday, 30-Aug-15 12:36:00 GMT", 1_440_938_160),
        ("1440938160", 1_440_938_160),
        ("1440938160.25", 1_440_938_160.25),
        ("-5", -5),
        ("  2015-08-30T12:36:00Z ", 1_440_938_160),
        ("2015-13-30T12:36:00Z", nil),
        ("2015-08-30T12:36Z", nil),
        ("2015-08-30T12:36:00.Z", nil),
        ("2015-08-30X12:36:00Z", nil),
        ("Sun, 30 Foo 2015 12:36:00 GMT", nil),
        ("Sun, 30 Aug 2015 12:36:00 PST", nil),
        ("tomorrow", nil),
        ("", nil),
        ("nan", nil),
        ("1e999", nil),
    ]

    @Test("parses ISO 8601, HTTP dates and epoch seconds", arguments: parseTable)
    func parse(text: String, seconds: Double?) {
        let parsed = Timestamp.parse(text)
        if let seconds {
            #expect(parsed.map { abs($0.timeIntervalSince1970 - seconds) < 1e-6 } == true, "\(text) → \(String(describing: parsed))")
        } else {
            #expect(parsed == nil)
        }
    }

    @Test("civil date conversion round-trips across eras")
    func civil() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let (year, month, day) = Timestamp.civil(fromDays: days)
            #expect(Timestamp.daysFromCivil(year: year, month: month, day: day) == days)
        }
    }
}
