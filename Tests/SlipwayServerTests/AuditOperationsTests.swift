import Foundation
@testable import SlipwayServer
import Testing

@Suite("Audit trail lookups")
struct AuditOperationsTests {
    @Test func sinceTakesDurationsAndTimes() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try AuditOperations.since(nil, now: now) == now.addingTimeInterval(-86_400))
        #expect(try AuditOperations.since("15m", now: now) == now.addingTimeInterval(-900))
        #expect(try AuditOperations.since("2h", now: now) == now.addingTimeInterval(-7200))
        #expect(try AuditOperations.since("3d", now: now) == now.addingTimeInterval(-259_200))
        #expect(try AuditOperations.since("2027-01-15T08:00:00Z", now: now) == ISO8601DateFormatter().date(from: "2027-01-15T08:00:00Z"))
        for bad in ["soon", "-5m", "5w", "m"] {
            #expect(throws: AuditOperations.Invalid.self) { try AuditOperations.since(bad, now: now) }
        }
    }
}
