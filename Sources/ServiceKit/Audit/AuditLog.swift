import Foundation
import Logging
import MetadataStore
import SQLKit
import ServiceLifecycle
import SlipwayCore
import Synchronization

/// The audit trail: records are queued by the request path and committed in batches by a background service.
///
/// Batching keeps the database off the request's critical path; a graceful shutdown flushes the queue.
public final class AuditLog: Service, Sendable {
    private let database: any MetadataDatabase
    private let logger: Logger
    private let pending = Mutex<[AuditRecord]>([])
    private let recordedSinceAsked = Atomic<Int>(0)
    private let flushInterval: Duration

    public init(database: any MetadataDatabase, logger: Logger, flushInterval: Duration = .milliseconds(100)) {
        self.database = database
        self.logger = logger
        self.flushInterval = flushInterval
    }

    /// The tables the audit trail keeps.
    public static let migrations: [Migration] = [
        Migration(module: "audit", version: 1, name: "audit events") { kind in
            let id = kind == .postgres ? "id BIGSERIAL PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT"
            return [
                """
                CREATE TABLE audit_events (
                    \(id),
                    time_ms BIGINT NOT NULL,
                    request_id TEXT NOT NULL,
                    account TEXT,
                    principal TEXT NOT NULL,
                    access_key_id TEXT,
                    service TEXT NOT NULL,
                    operation TEXT NOT NULL,
                    resource TEXT,
                    decision TEXT NOT NULL,
                    error_code TEXT,
                    http_status INTEGER NOT NULL,
                    source_ip TEXT
                )
                """,
                "CREATE INDEX audit_events_time ON audit_events (time_ms)",
            ]
        },
        // An account's newest records first, without reading the others' (`LookupAuditEvents`).
        Migration(module: "audit", version: 2, name: "audit events by account") { _ in
            ["CREATE INDEX audit_events_account ON audit_events (account, id)"]
        },
    ]

    /// Queues a record; it is durable after the next flush.
    public func record(_ record: AuditRecord) {
        pending.withLock { $0.append(record) }
        recordedSinceAsked.add(1, ordering: .relaxed)
    }

    /// Whether any request was recorded since the last time this was asked.
    public func hadActivity() -> Bool {
        recordedSinceAsked.exchange(0, ordering: .relaxed) > 0
    }

    /// Commits every queued record in one transaction.
    public func flush() async throws {
        let batch = pending.withLock { queue -> [AuditRecord] in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
        guard !batch.isEmpty else { return }
        do {
            // A record keeps whatever a request named, so a NUL in it (which PostgreSQL cannot store) becomes U+FFFD
            // rather than failing the batch, which would then be retried, and fail, forever.
            func text(_ value: String?) -> MetadataValue { .text(value?.storableText) }
            let rows = batch.map { r -> [MetadataValue] in
                [
                    .integer(Int64(r.time.timeIntervalSince1970 * 1000)), text(r.requestID), text(r.account), text(r.principal),
                    text(r.accessKeyID), text(r.service), text(r.operation), text(r.resource), text(r.decision.rawValue),
                    text(r.errorCode), .integer(Int64(r.httpStatus)), text(r.sourceIP),
                ]
            }
            try await database.insertRows(
                into: "audit_events",
                columns: ["time_ms", "request_id", "account", "principal", "access_key_id", "service", "operation", "resource", "decision", "error_code", "http_status", "source_ip"],
                rows: rows
            )
        } catch {
            // Put the batch back so a passing database hiccup loses nothing.
            pending.withLock { $0.insert(contentsOf: batch, at: 0) }
            throw error
        }
    }

    /// Flushes on an interval until shutdown, then flushes what is left.
    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.flushInterval) }
            if Task.isCancelled { break }
            do { try await flush() } catch { logger.error("audit flush failed: \(error)") }
        }
        // The last flush must not be cut short by the cancellation that ended the loop.
        try await Task { try await self.flush() }.value
    }

    /// Records at or after `since`, oldest first.
    public static func records(in database: any MetadataDatabase, since: Date, limit: Int = 10_000) async throws -> [AuditRecord] {
        let sinceMS = Int64(since.timeIntervalSince1970 * 1000)
        return try await database.read { db in
            try await db.raw("""
                SELECT time_ms, request_id, account, principal, access_key_id, service, operation, resource,
                       decision, error_code, http_status, source_ip
                FROM audit_events WHERE time_ms >= \(bind: sinceMS) ORDER BY id LIMIT \(bind: limit)
                """).all().map { row in
                AuditRecord(
                    time: Date(timeIntervalSince1970: Double(row.int64("time_ms") ?? 0) / 1000),
                    requestID: row.string("request_id") ?? "", account: row.string("account"),
                    principal: row.string("principal") ?? "", accessKeyID: row.string("access_key_id"),
                    service: row.string("service") ?? "", operation: row.string("operation") ?? "",
                    resource: row.string("resource"),
                    decision: AuditRecord.Decision(rawValue: row.string("decision") ?? "") ?? .failed,
                    errorCode: row.string("error_code"), httpStatus: row.int("http_status") ?? 0,
                    sourceIP: row.string("source_ip")
                )
            }
        }
    }

    /// One account's records matching `query`, newest first.
    public static func lookup(in database: any MetadataDatabase, _ query: AuditQuery) async throws -> [AuditRecord] {
        var sql: SQLQueryString = """
            SELECT time_ms, request_id, account, principal, access_key_id, service, operation, resource,
                   decision, error_code, http_status, source_ip
            FROM audit_events WHERE account = \(bind: query.account) AND time_ms >= \(bind: Int64(query.since.timeIntervalSince1970 * 1000))
            """
        if let until = query.until { sql = sql + " AND time_ms < \(bind: Int64(until.timeIntervalSince1970 * 1000))" }
        if let principal = query.principal { sql = sql + " AND principal = \(bind: principal)" }
        if let service = query.service { sql = sql + " AND service = \(bind: service)" }
        if let operation = query.operation { sql = sql + " AND operation = \(bind: operation)" }
        if let decision = query.decision { sql = sql + " AND decision = \(bind: decision.rawValue)" }
        sql = sql + " ORDER BY id DESC LIMIT \(bind: query.limit)"
        let statement = sql
        return try await database.read { db in
            try await db.raw(statement).all().map { row in
                AuditRecord(
                    time: Date(timeIntervalSince1970: Double(row.int64("time_ms") ?? 0) / 1000),
                    requestID: row.string("request_id") ?? "", account: row.string("account"),
                    principal: row.string("principal") ?? "", accessKeyID: row.string("access_key_id"),
                    service: row.string("service") ?? "", operation: row.string("operation") ?? "",
                    resource: row.string("resource"),
                    decision: AuditRecord.Decision(rawValue: row.string("decision") ?? "") ?? .failed,
                    errorCode: row.string("error_code"), httpStatus: row.int("http_status") ?? 0,
                    sourceIP: row.string("source_ip")
                )
            }
        }
    }
}

/// Which audit records to look up: one account's, from `since` (to `until`), narrowed by who, which service and
/// operation, and the decision; at most `limit`.
public struct AuditQuery: Sendable {
    public var account: String
    public var since: Date
    public var until: Date?
    public var principal: String?
    public var service: String?
    public var operation: String?
    public var decision: AuditRecord.Decision?
    public var limit: Int

    public init(
        account: String, since: Date, until: Date? = nil, principal: String? = nil, service: String? = nil, operation: String? = nil,
        decision: AuditRecord.Decision? = nil, limit: Int = 200
    ) {
        self.account = account
        self.since = since
        self.until = until
        self.principal = principal
        self.service = service
        self.operation = operation
        self.decision = decision
        self.limit = limit
    }
}
