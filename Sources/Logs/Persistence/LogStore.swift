import Foundation
import MetadataStore
import SQLKit

/// CloudWatch Logs' tables: every read and write of groups, streams and events.
struct LogStore: Sendable {
    let database: any MetadataDatabase

    // MARK: Groups

    static func group(from row: any SQLRow) -> LogGroupRecord? {
        guard let account = row.string("account_id"), let region = row.string("region"), let name = row.string("group_name") else { return nil }
        let tags = row.string("tags_json").flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        return LogGroupRecord(account: account, region: region, name: name, created: row.int64("created_ms") ?? 0, retentionDays: row.int("retention_days"), tags: tags)
    }

    /// Stores a new group; false when one of that name exists.
    func insert(_ group: LogGroupRecord) async throws -> Bool {
        let tags = String(decoding: (try? JSONEncoder().encode(group.tags)) ?? Data("{}".utf8), as: UTF8.self)
        return try await database.transaction { db in
            if try await Self.group(db, account: group.account, region: group.region, name: group.name) != nil { return false }
            try await db.raw("""
                INSERT INTO logs_groups (account_id, region, group_name, created_ms, retention_days, tags_json)
                VALUES (\(bind: group.account), \(bind: group.region), \(bind: group.name), \(bind: group.created), \(bind: group.retentionDays), \(bind: tags))
                """).run()
            return true
        }
    }

    static func group(_ db: any SQLDatabase, account: String, region: String, name: String) async throws -> LogGroupRecord? {
        try await db.raw("""
            SELECT * FROM logs_groups WHERE account_id = \(bind: account) AND region = \(bind: region) AND group_name = \(bind: name)
            """).first().flatMap(Self.group(from:))
    }

    func group(account: String, region: String, name: String) async throws -> LogGroupRecord? {
        try await database.read { db in try await Self.group(db, account: account, region: region, name: name) }
    }

    func groups(account: String, region: String, prefix: String?) async throws -> [LogGroupRecord] {
        try await database.read { db in
            try await db.raw("SELECT * FROM logs_groups WHERE account_id = \(bind: account) AND region = \(bind: region) ORDER BY group_name").all()
                .compactMap(Self.group(from:)).filter { prefix == nil || $0.name.hasPrefix(prefix ?? "") }
        }
    }

    func setRetention(account: String, region: String, name: String, days: Int?) async throws -> Bool {
        try await database.transaction { db in
            guard try await Self.group(db, account: account, region: region, name: name) != nil else { return false }
            try await db.raw("""
                UPDATE logs_groups SET retention_days = \(bind: days) WHERE account_id = \(bind: account) AND region = \(bind: region) AND group_name = \(bind: name)
                """).run()
            return true
        }
    }

    /// Deletes a group with its streams and events; false when there is none.
    func deleteGroup(account: String, region: String, name: String) async throws -> Bool {
        try await database.transaction { db in
            guard try await Self.group(db, account: account, region: region, name: name) != nil else { return false }
            for table in ["logs_events", "logs_streams", "logs_groups"] {
                try await db.raw("DELETE FROM \(unsafeRaw: table) WHERE account_id = \(bind: account) AND region = \(bind: region) AND group_name = \(bind: name)").run()
            }
            return true
        }
    }

    // MARK: Streams

    static func stream(from row: any SQLRow) -> LogStreamRecord? {
        guard let group = row.string("group_name"), let name = row.string("stream_name") else { return nil }
        return LogStreamRecord(
            group: group, name: name, created: row.int64("created_ms") ?? 0, firstEvent: row.int64("first_event_ms"), lastEvent: row.int64("last_event_ms"),
            lastIngestion: row.int64("last_ingestion_ms"), storedBytes: row.int64("stored_bytes") ?? 0
        )
    }

    static func stream(_ db: any SQLDatabase, account: String, region: String, group: String, name: String) async throws -> LogStreamRecord? {
        try await db.raw("""
            SELECT * FROM logs_streams WHERE account_id = \(bind: account) AND region = \(bind: region) AND group_name = \(bind: group)
            AND stream_name = \(bind: name)
            """).first().flatMap(Self.stream(from:))
    }

    static func insertStream(_ db: any SQLDatabase, account: String, region: String, group: String, name: String, created: Int64) async throws {
        try await db.raw("""
            INSERT INTO logs_streams (account_id, region, group_name, stream_name, created_ms, stored_bytes)
            VALUES (\(bind: account), \(bind: region), \(bind: group), \(bind: name), \(bind: created), 0)
            """).run()
    }

    func createStream(account: String, region: String, group: String, name: String, created: Int64) async throws {
        try await database.transaction { db in
            guard try await Self.group(db, account: account, region: region, name: group) != nil else { throw LogsError.groupNotFound() }
            guard try await Self.stream(db, account: account, region: region, group: group, name: name) == nil else {
                throw LogsError.exists("The specified log stream already exists")
            }
            try await Self.insertStream(db, account: account, region: region, group: group, name: name, created: created)
        }
    }

    func streams(account: String, region: String, group: String) async throws -> [LogStreamRecord] {
        try await database.read { db in
            try await db.raw("""
                SELECT * FROM logs_streams WHERE account_id = \(bind: account) AND region = \(bind: region) AND group_name = \(bind: group) ORDER BY stream_name
                """).all().compactMap(Self.stream(from:))
        }
    }

    // MARK: Events

    /// Appends events to a stream in one transaction, making the group and stream first when `create` allows, and
    /// drops the group's events its retention no longer keeps.
    func append(
        _ events: [LogEventRecord], account: String, region: String, group: String, stream: String, create: Bool, now: Int64
    ) async throws {
        try await database.transaction { db in
            var found = try await Self.group(db, account: account, region: region, name: group)
            if found == nil, create {
                try await db.raw("""
                    INSERT INTO logs_groups (account_id, region, group_name, created_ms, retention_days, tags_json)
                    VALUES (\(bind: account), \(bind: region), \(bind: group), \(bind: now), NULL, '{}')
                    """).run()
                found = LogGroupRecord(account: account, region: region, name: group, created: now, retentionDays: nil, tags: [:])
            }
            guard let found else { throw LogsError.groupNotFound() }
            if try await Self.stream(db, account: account, region: region, group: group, name: stream) == nil {
                guard create else { throw LogsError.streamNotFound() }
                try await Self.insertStream(db, account: account, region: region, group: group, name: stream, created: now)
            }
            for event in events {
                try await db.raw("""
                    INSERT INTO logs_events (account_id, region, group_name, stream_name, event_id, timestamp_ms, ingestion_ms, message)
                    VALUES (\(bind: account), \(bind: region), \(bind: group), \(bind: stream), \(bind: event.id), \(bind: event.timestamp),
                        \(bind: event.ingestion), \(bind: event.message))
                    """).run()
            }
            if let first = events.map(\.timestamp).min(), let last = events.map(\.timestamp).max() {
                let bytes = Int64(events.reduce(0) { $0 + $1.message.utf8.count })
                try await db.raw("""
                    UPDATE logs_streams SET
                        first_event_ms = CASE WHEN first_event_ms IS NULL OR first_event_ms > \(bind: first) THEN \(bind: first) ELSE first_event_ms END,
                        last_event_ms = CASE WHEN last_event_ms IS NULL OR last_event_ms < \(bind: last) THEN \(bind: last) ELSE last_event_ms END,
                        last_ingestion_ms = \(bind: now), stored_bytes = stored_bytes + \(bind: bytes)
                    WHERE account_id = \(bind: account) AND region = \(bind: region) AND group_name = \(bind: group) AND stream_name = \(bind: stream)
                    """).run()
            }
            if let days = found.retentionDays {
                try await db.raw("""
                    DELETE FROM logs_events WHERE account_id = \(bind: account) AND region = \(bind: region) AND group_name = \(bind: group)
                    AND timestamp_ms < \(bind: now - Int64(days) * 86_400_000)
                    """).run()
            }
        }
    }

    static func event(from row: any SQLRow) -> LogEventRecord? {
        guard let stream = row.string("stream_name"), let id = row.string("event_id"), let message = row.string("message") else { return nil }
        return LogEventRecord(stream: stream, timestamp: row.int64("timestamp_ms") ?? 0, ingestion: row.int64("ingestion_ms") ?? 0, id: id, message: message)
    }

    /// The window of events a query asks for, in order; `after`/`before` continue from an event (timestamp, id).
    struct EventQuery: Sendable {
        var streams: [String]?
        var streamPrefix: String?
        var start: Int64?
        var end: Int64?
        var after: (Int64, String)?
        var before: (Int64, String)?
        var newestFirst = false
        var limit: Int
    }

    func events(account: String, region: String, group: String, _ query: EventQuery) async throws -> [LogEventRecord] {
        try await database.read { db in
            var sql = SQLQueryString("SELECT * FROM logs_events WHERE account_id = \(bind: account) AND region = \(bind: region) AND group_name = \(bind: group)")
            if let streams = query.streams {
                sql.appendInterpolation(unsafeRaw: " AND stream_name IN (")
                for (index, stream) in streams.enumerated() {
                    if index > 0 { sql.appendInterpolation(unsafeRaw: ", ") }
                    sql.appendInterpolation(bind: stream)
                }
                sql.appendInterpolation(unsafeRaw: ")")
            }
            if let prefix = query.streamPrefix {
                sql.appendInterpolation(unsafeRaw: " AND substr(stream_name, 1, \(prefix.count)) = ")
                sql.appendInterpolation(bind: prefix)
            }
            if let start = query.start {
                sql.appendInterpolation(unsafeRaw: " AND timestamp_ms >= ")
                sql.appendInterpolation(bind: start)
            }
            if let end = query.end {
                sql.appendInterpolation(unsafeRaw: " AND timestamp_ms < ")
                sql.appendInterpolation(bind: end)
            }
            if let (time, id) = query.after {
                sql.appendInterpolation(unsafeRaw: " AND (timestamp_ms > ")
                sql.appendInterpolation(bind: time)
                sql.appendInterpolation(unsafeRaw: " OR (timestamp_ms = ")
                sql.appendInterpolation(bind: time)
                sql.appendInterpolation(unsafeRaw: " AND event_id > ")
                sql.appendInterpolation(bind: id)
                sql.appendInterpolation(unsafeRaw: "))")
            }
            if let (time, id) = query.before {
                sql.appendInterpolation(unsafeRaw: " AND (timestamp_ms < ")
                sql.appendInterpolation(bind: time)
                sql.appendInterpolation(unsafeRaw: " OR (timestamp_ms = ")
                sql.appendInterpolation(bind: time)
                sql.appendInterpolation(unsafeRaw: " AND event_id < ")
                sql.appendInterpolation(bind: id)
                sql.appendInterpolation(unsafeRaw: "))")
            }
            let order = query.newestFirst ? "DESC" : "ASC"
            sql.appendInterpolation(unsafeRaw: " ORDER BY timestamp_ms \(order), event_id \(order) LIMIT \(query.limit)")
            let found = try await db.raw(sql).all().compactMap(Self.event(from:))
            return query.newestFirst ? found.reversed() : found
        }
    }
}
