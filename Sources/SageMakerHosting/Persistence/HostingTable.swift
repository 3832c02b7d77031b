import Foundation
import MetadataStore
import SQLKit

/// One hosting table (`sagemaker_models`, `sagemaker_endpoint_configs`, `sagemaker_endpoints`): records by name, and
/// for endpoints the lease that lets one Slipway server at a time run an endpoint's model servers.
struct HostingTable<Record: HostingRecord>: Sendable {
    let database: any MetadataDatabase
    /// A table name of this module, never input.
    let table: String
    /// The status column's value for a record.
    let status: @Sendable (Record) -> String

    static func encode(_ record: Record) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return (try? encoder.encode(record)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ row: any SQLRow) -> (Record, Date?)? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        guard let record = row.string("record_json").flatMap({ try? decoder.decode(Record.self, from: Data($0.utf8)) }) else { return nil }
        return (record, row.int64("lease_until_ms").map { Date(timeIntervalSince1970: Double($0) / 1000) })
    }

    static func ms(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) }

    /// Stores a new record (leased to `owner` when given); false when the name is taken.
    func insert(_ record: Record, owner: String? = nil, leaseUntil: Date? = nil) async throws -> Bool {
        try await database.transaction { db in
            let taken = try await db.raw("""
                SELECT arn FROM \(unsafeRaw: table) WHERE account_id = \(bind: record.account) AND region = \(bind: record.region)
                AND name_key = \(bind: record.name.lowercased())
                """).first() != nil
            if taken { return false }
            try await db.raw("""
                INSERT INTO \(unsafeRaw: table) (arn, account_id, region, name_key, status, record_json, created_ms, lease_owner, lease_until_ms)
                VALUES (\(bind: record.arn), \(bind: record.account), \(bind: record.region), \(bind: record.name.lowercased()), \(bind: status(record)),
                    \(bind: Self.encode(record)), \(bind: Self.ms(record.created)), \(bind: owner), \(bind: leaseUntil.map(Self.ms)))
                """).run()
            return true
        }
    }

    func record(named name: String, account: String, region: String) async throws -> Record? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json, lease_until_ms FROM \(unsafeRaw: table) WHERE account_id = \(bind: account) AND region = \(bind: region)
                AND name_key = \(bind: name.lowercased())
                """).first().flatMap(Self.decode)?.0
        }
    }

    /// The record and when its lease ends.
    func leased(arn: String) async throws -> (Record, Date?)? {
        try await database.read { db in
            try await db.raw("SELECT record_json, lease_until_ms FROM \(unsafeRaw: table) WHERE arn = \(bind: arn)").first().flatMap(Self.decode)
        }
    }

    func all(account: String, region: String) async throws -> [Record] {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json, lease_until_ms FROM \(unsafeRaw: table) WHERE account_id = \(bind: account) AND region = \(bind: region)
                """).all().compactMap(Self.decode).map(\.0)
        }
    }

    /// Saves a record as `update` changes the stored one, atomically; nil when it is gone.
    @discardableResult
    func modify(_ arn: String, _ update: @escaping @Sendable (inout Record) throws -> Void) async throws -> Record? {
        try await database.transaction { db in
            guard var record = try await db.raw("SELECT record_json, lease_until_ms FROM \(unsafeRaw: table) WHERE arn = \(bind: arn)").first()
                .flatMap(Self.decode)?.0 else { return nil }
            try update(&record)
            try await db.raw("""
                UPDATE \(unsafeRaw: table) SET status = \(bind: status(record)), record_json = \(bind: Self.encode(record)) WHERE arn = \(bind: arn)
                """).run()
            return record
        }
    }

    func delete(_ arn: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM \(unsafeRaw: table) WHERE arn = \(bind: arn)").run()
        }
    }

    // MARK: Leases

    /// Takes `arn`'s lease for `owner` when it is free, expired or already `owner`'s; whether it did.
    func claim(_ arn: String, owner: String, now: Date, until: Date) async throws -> Bool {
        try await database.transaction { db in
            let free = try await db.raw("""
                SELECT arn FROM \(unsafeRaw: table) WHERE arn = \(bind: arn)
                AND (lease_owner IS NULL OR lease_owner = \(bind: owner) OR lease_until_ms IS NULL OR lease_until_ms < \(bind: Self.ms(now)))
                """).first() != nil
            guard free else { return false }
            try await db.raw("""
                UPDATE \(unsafeRaw: table) SET lease_owner = \(bind: owner), lease_until_ms = \(bind: Self.ms(until)) WHERE arn = \(bind: arn)
                """).run()
            return true
        }
    }

    /// Extends `owner`'s lease; false when another server took it (this one must stop its processes).
    func renew(_ arn: String, owner: String, until: Date) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.raw("""
                SELECT arn FROM \(unsafeRaw: table) WHERE arn = \(bind: arn) AND lease_owner = \(bind: owner)
                """).first() != nil else { return false }
            try await db.raw("""
                UPDATE \(unsafeRaw: table) SET lease_until_ms = \(bind: Self.ms(until)) WHERE arn = \(bind: arn) AND lease_owner = \(bind: owner)
                """).run()
            return true
        }
    }

    /// Gives `owner`'s lease up, so another server (or this one after a restart) takes the record at once.
    func release(_ arn: String, owner: String) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE \(unsafeRaw: table) SET lease_owner = NULL, lease_until_ms = NULL WHERE arn = \(bind: arn) AND lease_owner = \(bind: owner)
                """).run()
        }
    }

    /// Records whose lease is free or ran out (their Slipway server stopped).
    func unattended(now: Date) async throws -> [Record] {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json, lease_until_ms FROM \(unsafeRaw: table) WHERE lease_owner IS NULL OR lease_until_ms IS NULL
                OR lease_until_ms < \(bind: Self.ms(now))
                """).all().compactMap(Self.decode).map(\.0)
        }
    }

    /// Whether another Slipway server holds a live lease in this table.
    func othersRunning(owner: String, now: Date) async throws -> Bool {
        try await database.read { db in
            try await db.raw("""
                SELECT arn FROM \(unsafeRaw: table) WHERE lease_owner IS NOT NULL AND lease_owner <> \(bind: owner)
                AND lease_until_ms >= \(bind: Self.ms(now))
                """).first() != nil
        }
    }
}
