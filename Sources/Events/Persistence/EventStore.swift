import Foundation
import MetadataStore
import SQLKit

/// Every read and write of buses, rules and deliveries.
struct EventStore: Sendable {
    let database: any MetadataDatabase

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode<T: Decodable>(_ row: any SQLRow, as type: T.Type) -> T? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return row.string("record_json").flatMap { try? decoder.decode(T.self, from: Data($0.utf8)) }
    }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    // MARK: Buses

    func bus(account: String, region: String, name: String) async throws -> BusRecord? {
        if name == "default" { return .defaultBus(account: account, region: region) }
        return try await database.read { db in
            try await db.raw("SELECT record_json FROM events_buses WHERE account_id = \(bind: account) AND region = \(bind: region) AND bus_name = \(bind: name)")
                .first().flatMap { Self.decode($0, as: BusRecord.self) }
        }
    }

    func buses(account: String, region: String) async throws -> [BusRecord] {
        let custom = try await database.read { db in
            try await db.raw("SELECT record_json FROM events_buses WHERE account_id = \(bind: account) AND region = \(bind: region)")
                .all().compactMap { Self.decode($0, as: BusRecord.self) }
        }
        return [.defaultBus(account: account, region: region)] + custom.sorted { $0.name < $1.name }
    }

    func insertBus(_ bus: BusRecord) async throws {
        try await database.transaction { db in
            if try await db.raw("SELECT arn FROM events_buses WHERE arn = \(bind: bus.arn)").first() != nil {
                throw EventsError.exists("Event bus \(bus.name) already exists.")
            }
            try await db.raw("""
                INSERT INTO events_buses (arn, account_id, region, bus_name, record_json)
                VALUES (\(bind: bus.arn), \(bind: bus.account), \(bind: bus.region), \(bind: bus.name), \(bind: Self.encode(bus)))
                """).run()
        }
    }

    func saveBus(_ bus: BusRecord) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE events_buses SET record_json = \(bind: Self.encode(bus)) WHERE arn = \(bind: bus.arn)").run()
        }
    }

    func deleteBus(_ bus: BusRecord) async throws {
        try await database.transaction { db in
            if try await db.raw("SELECT arn FROM events_rules WHERE account_id = \(bind: bus.account) AND region = \(bind: bus.region) AND bus_name = \(bind: bus.name)").first() != nil {
                throw EventsError.validation("Cannot delete event bus \(bus.name) while it has rules; delete its rules first.")
            }
            try await db.raw("DELETE FROM events_buses WHERE arn = \(bind: bus.arn)").run()
        }
    }

    // MARK: Rules

    func rule(account: String, region: String, bus: String, name: String) async throws -> RuleRecord? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM events_rules WHERE account_id = \(bind: account) AND region = \(bind: region) AND bus_name = \(bind: bus)
                AND rule_name = \(bind: name)
                """).first().flatMap { Self.decode($0, as: RuleRecord.self) }
        }
    }

    func rules(account: String, region: String, bus: String) async throws -> [RuleRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM events_rules WHERE account_id = \(bind: account) AND region = \(bind: region) AND bus_name = \(bind: bus)")
                .all().compactMap { Self.decode($0, as: RuleRecord.self) }
        }.sorted { $0.name < $1.name }
    }

    /// Every rule with a schedule, in every account.
    func scheduledRules() async throws -> [RuleRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM events_rules WHERE record_json LIKE '%scheduleExpression%'")
                .all().compactMap { Self.decode($0, as: RuleRecord.self) }
        }.filter { $0.scheduleExpression != nil }
    }

    func saveRule(_ rule: RuleRecord) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM events_rules WHERE arn = \(bind: rule.arn)").run()
            try await db.raw("""
                INSERT INTO events_rules (arn, account_id, region, bus_name, rule_name, record_json)
                VALUES (\(bind: rule.arn), \(bind: rule.account), \(bind: rule.region), \(bind: rule.bus), \(bind: rule.name), \(bind: Self.encode(rule)))
                """).run()
        }
    }

    func deleteRule(_ rule: RuleRecord) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM events_rules WHERE arn = \(bind: rule.arn)").run()
        }
    }

    // MARK: Deliveries

    func insert(_ deliveries: [DeliveryRecord]) async throws {
        guard !deliveries.isEmpty else { return }
        try await database.insertRows(
            into: "events_deliveries", columns: ["delivery_id", "status", "next_attempt_ms", "account_id", "record_json"],
            rows: deliveries.map { [.text($0.id), .text($0.status), .integer(Self.milliseconds($0.nextAttempt)), .text($0.account), .text(Self.encode($0))] }
        )
    }

    /// Pending deliveries due by `now`, oldest first.
    func due(by now: Date, limit: Int) async throws -> [DeliveryRecord] {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM events_deliveries WHERE status = 'pending' AND next_attempt_ms <= \(bind: Self.milliseconds(now))
                ORDER BY next_attempt_ms LIMIT \(unsafeRaw: String(limit))
                """).all().compactMap { Self.decode($0, as: DeliveryRecord.self) }
        }
    }

    /// When the next pending delivery is due.
    func nextDue() async throws -> Date? {
        try await database.read { db in
            try await db.raw("SELECT MIN(next_attempt_ms) AS due FROM events_deliveries WHERE status = 'pending'").first()?.int64("due")
        }.map { Date(timeIntervalSince1970: Double($0) / 1000) }
    }

    func update(_ delivery: DeliveryRecord) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE events_deliveries SET status = \(bind: delivery.status), next_attempt_ms = \(bind: Self.milliseconds(delivery.nextAttempt)),
                record_json = \(bind: Self.encode(delivery)) WHERE delivery_id = \(bind: delivery.id)
                """).run()
        }
    }

    func delete(deliveryID: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM events_deliveries WHERE delivery_id = \(bind: deliveryID)").run()
        }
    }

    /// Deliveries in `status` for an account, newest first.
    func deliveries(account: String, status: String) async throws -> [DeliveryRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM events_deliveries WHERE account_id = \(bind: account) AND status = \(bind: status)")
                .all().compactMap { Self.decode($0, as: DeliveryRecord.self) }
        }.sorted { $0.created > $1.created }
    }
}
