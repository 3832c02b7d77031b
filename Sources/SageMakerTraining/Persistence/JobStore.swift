import Foundation
import MetadataStore
import SQLKit
import ServiceKit

/// A job as its table keeps it: named in an account and region, with a status that ends.
protocol LeasedJob: Codable, Sendable {
    var arn: String { get }
    var account: String { get }
    var region: String { get }
    var name: String { get }
    var status: String { get }
    var created: Date { get }
    var isTerminal: Bool { get }
}

/// A List*Jobs request as SageMaker's job operations take it, and how it chooses and orders jobs: name and status
/// filters, a sort, and a page.
struct JobListing: Codable, Sendable {
    var nameContains: String?
    var statusEquals: String?
    var sortBy: String?
    var sortOrder: String?
    var nextToken: String?
    var maxResults: Int?
    enum CodingKeys: String, CodingKey {
        case nextToken = "NextToken", maxResults = "MaxResults", nameContains = "NameContains", statusEquals = "StatusEquals"
        case sortBy = "SortBy", sortOrder = "SortOrder"
    }

    /// The page of `jobs` this listing asks for, or SageMaker's error for a sort or token it does not know.
    func page<Record: LeasedJob>(_ jobs: [Record]) throws -> OffsetPage<Record> {
        var jobs = jobs
        if let contains = nameContains { jobs = jobs.filter { $0.name.localizedCaseInsensitiveContains(contains) } }
        if let status = statusEquals { jobs = jobs.filter { $0.status == status } }
        switch sortBy ?? "CreationTime" {
        case "Name": jobs.sort { $0.name < $1.name }
        case "Status": jobs.sort { ($0.status, $0.created) < ($1.status, $1.created) }
        case "CreationTime": jobs.sort { $0.created < $1.created }
        case let other: throw TrainingError.validation("1 validation error detected: Value '\(other)' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime, Status]")
        }
        if (sortOrder ?? "Descending") == "Descending" { jobs.reverse() }
        guard let page = OffsetPage(jobs, after: nextToken, limit: min(max(maxResults ?? 10, 1), 100)) else {
            throw TrainingError.validation("The NextToken is not valid.")
        }
        return page
    }
}

/// One kind of job's table: records, and the leases that let one server at a time run a job.
struct JobStore<Record: LeasedJob>: Sendable {
    let database: any MetadataDatabase
    /// The table's name (a constant of this module, never input).
    let table: String

    static func encode(_ record: Record) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return (try? encoder.encode(record)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ row: any SQLRow) -> Record? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return row.string("record_json").flatMap { try? decoder.decode(Record.self, from: Data($0.utf8)) }
    }

    static func ms(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) }

    /// Stores a new job leased to `owner`; false when the name is taken.
    func insert(_ record: Record, owner: String, leaseUntil: Date) async throws -> Bool {
        try await database.transaction { db in
            let taken = try await db.raw("""
                SELECT arn FROM \(unsafeRaw: table) WHERE account_id = \(bind: record.account) AND region = \(bind: record.region)
                AND name_key = \(bind: record.name.lowercased())
                """).first() != nil
            if taken { return false }
            try await db.raw("""
                INSERT INTO \(unsafeRaw: table) (arn, account_id, region, name_key, status, record_json, created_ms, lease_owner, lease_until_ms)
                VALUES (\(bind: record.arn), \(bind: record.account), \(bind: record.region), \(bind: record.name.lowercased()), \(bind: record.status),
                    \(bind: Self.encode(record)), \(bind: Self.ms(record.created)), \(bind: owner), \(bind: Self.ms(leaseUntil)))
                """).run()
            return true
        }
    }

    func job(account: String, region: String, name: String) async throws -> Record? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM \(unsafeRaw: table) WHERE account_id = \(bind: account) AND region = \(bind: region)
                AND name_key = \(bind: name.lowercased())
                """).first().flatMap(Self.decode)
        }
    }

    func jobs(account: String, region: String) async throws -> [Record] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM \(unsafeRaw: table) WHERE account_id = \(bind: account) AND region = \(bind: region)")
                .all().compactMap(Self.decode)
        }
    }

    /// Saves a job's progress; a terminal job gives its lease up.
    func save(_ record: Record) async throws {
        try await database.transaction { db in
            if record.isTerminal {
                try await db.raw("""
                    UPDATE \(unsafeRaw: table) SET status = \(bind: record.status), record_json = \(bind: Self.encode(record)), lease_owner = NULL,
                    lease_until_ms = NULL WHERE arn = \(bind: record.arn)
                    """).run()
            } else {
                try await db.raw("""
                    UPDATE \(unsafeRaw: table) SET status = \(bind: record.status), record_json = \(bind: Self.encode(record)) WHERE arn = \(bind: record.arn)
                    """).run()
            }
        }
    }

    /// Removes a job that never started (its creation could not be completed).
    func delete(_ arn: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM \(unsafeRaw: table) WHERE arn = \(bind: arn)").run()
        }
    }

    /// Extends `owner`'s lease on a job.
    func renew(_ arn: String, owner: String, until: Date) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE \(unsafeRaw: table) SET lease_until_ms = \(bind: Self.ms(until)) WHERE arn = \(bind: arn) AND lease_owner = \(bind: owner)
                """).run()
        }
    }

    /// Takes over running jobs whose lease ran out (their server stopped), for `owner`; returns them.
    func claimAbandoned(owner: String, now: Date, until: Date) async throws -> [Record] {
        try await database.transaction { db in
            let rows = try await db.raw("""
                SELECT record_json FROM \(unsafeRaw: table) WHERE status IN ('InProgress', 'Stopping')
                AND (lease_until_ms IS NULL OR lease_until_ms < \(bind: Self.ms(now)))
                """).all().compactMap(Self.decode)
            for record in rows {
                try await db.raw("""
                    UPDATE \(unsafeRaw: table) SET lease_owner = \(bind: owner), lease_until_ms = \(bind: Self.ms(until)) WHERE arn = \(bind: record.arn)
                    """).run()
            }
            return rows
        }
    }

    /// Whether some job is running under another server's lease.
    func othersRunning(owner: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("""
                SELECT arn FROM \(unsafeRaw: table) WHERE status IN ('InProgress', 'Stopping') AND lease_owner <> \(bind: owner)
                """).first() != nil
        }
    }
}
