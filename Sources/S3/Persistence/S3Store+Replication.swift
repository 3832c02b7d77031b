import BlobStore
import Foundation
import SQLKit

/// The values of `x-amz-replication-status`.
enum ReplicationStatus {
    static let pending = "PENDING"
    static let completed = "COMPLETED"
    static let failed = "FAILED"
    static let replica = "REPLICA"
}

/// One version (or delete marker) waiting to be copied to one destination bucket.
struct ReplicationTask: Sendable, Hashable {
    var id: String
    var sourceBucket: String
    var key: String
    var versionID: String
    var isDeleteMarker: Bool
    var destinationBucket: String
    var attempts: Int
}

extension S3Store {
    func setReplication(_ name: String, _ configuration: ReplicationConfiguration?) async throws {
        let json = try configuration.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await database.transaction { db in
            try await db.raw("UPDATE s3_buckets SET replication_json = \(bind: json) WHERE name = \(bind: name)").run()
        }
    }

    /// The bucket's replication configuration, nil when it has none.
    func replication(_ name: String) async throws -> ReplicationConfiguration? {
        let json = try await database.read { db in
            try await db.raw("SELECT replication_json FROM s3_buckets WHERE name = \(bind: name)").first()?.string("replication_json")
        }
        return json.flatMap { try? JSONDecoder().decode(ReplicationConfiguration.self, from: Data($0.utf8)) }
    }

    /// Queues `version` for each destination, in the transaction that wrote it, so no acknowledged write is forgotten.
    static func enqueueReplication(_ db: any SQLDatabase, _ version: StoredObject, to destinations: [String], now: Date) async throws {
        guard !destinations.isEmpty else { return }
        // The version's place among its key's versions, so copies of one key land in the order they were written.
        let seq = try await db.raw("""
            SELECT seq FROM s3_objects WHERE bucket = \(bind: version.bucket) AND object_key = \(bind: version.key)
            AND version_id = \(bind: version.versionID)
            """).first()?.int64("seq") ?? 0
        for destination in destinations {
            try await db.raw("""
                INSERT INTO s3_replication_queue (task_id, source_bucket, object_key, version_id, version_seq, delete_marker,
                                                  destination_bucket, attempts, due_ms, lease_until_ms, created_ms)
                VALUES (\(bind: UUID().uuidString), \(bind: version.bucket), \(bind: version.key), \(bind: version.versionID), \(bind: seq),
                        \(bind: version.isDeleteMarker ? 1 : 0), \(bind: destination), 0, \(bind: ms(now)), 0, \(bind: ms(now)))
                """).run()
        }
    }

    /// Takes up to `limit` due tasks for `lease` seconds, so another server sharing the database leaves them alone.
    /// A task waits while an older version of the same key is still queued for the same destination, so a
    /// destination's versions keep the source's order.
    func claimReplicationTasks(now: Date, lease: TimeInterval, limit: Int) async throws -> [ReplicationTask] {
        let nowMS = Self.ms(now)
        let due = try await database.read { db in
            try await db.raw("""
                SELECT task_id FROM s3_replication_queue q WHERE due_ms <= \(bind: nowMS) AND lease_until_ms <= \(bind: nowMS)
                AND NOT EXISTS (SELECT 1 FROM s3_replication_queue older WHERE older.source_bucket = q.source_bucket
                    AND older.object_key = q.object_key AND older.destination_bucket = q.destination_bucket
                    AND older.version_seq < q.version_seq)
                ORDER BY due_ms LIMIT \(bind: limit)
                """).all().compactMap { $0.string("task_id") }
        }
        guard !due.isEmpty else { return [] }
        return try await database.transaction { db in
            var claimed: [ReplicationTask] = []
            for id in due {
                // Re-checked inside the transaction: a task another server claimed meanwhile is skipped.
                guard let row = try await db.raw("""
                    UPDATE s3_replication_queue SET lease_until_ms = \(bind: Self.ms(now.addingTimeInterval(lease)))
                    WHERE task_id = \(bind: id) AND lease_until_ms <= \(bind: nowMS)
                    RETURNING task_id, source_bucket, object_key, version_id, delete_marker, destination_bucket, attempts
                    """).first(),
                    let bucket = row.string("source_bucket"), let key = row.string("object_key"), let version = row.string("version_id"),
                    let destination = row.string("destination_bucket")
                else { continue }
                claimed.append(ReplicationTask(
                    id: id, sourceBucket: bucket, key: key, versionID: version, isDeleteMarker: row.int("delete_marker") == 1,
                    destinationBucket: destination, attempts: row.int("attempts") ?? 0
                ))
            }
            return claimed
        }
    }

    /// Keeps a task reserved while its copy is still running.
    func renewReplicationLease(_ task: ReplicationTask, until: Date) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE s3_replication_queue SET lease_until_ms = \(bind: Self.ms(until)) WHERE task_id = \(bind: task.id)").run()
        }
    }

    /// Records a finished copy: the replica (nil when it already exists or the task had nothing to copy) lands in the
    /// destination, the task leaves the queue, and the source version is COMPLETED once no destination is pending —
    /// all in one transaction. Returns blobs released (a destination `null` version replaced).
    func completeReplication(_ task: ReplicationTask, replica: StoredObject?) async throws -> [BlobID] {
        try await database.transaction { db in
            var released: [BlobID] = []
            if let replica {
                let versions = try await Self.versions(db, bucket: replica.bucket, key: replica.key)
                if !versions.contains(where: { $0.versionID == replica.versionID }) {
                    released = try await Self.insertLatest(db, replica, replacing: versions)
                } else if let blob = replica.blobID {
                    released = [blob]
                }
            }
            try await db.raw("DELETE FROM s3_replication_queue WHERE task_id = \(bind: task.id)").run()
            try await Self.settleSourceStatus(db, task, to: ReplicationStatus.completed)
            return released
        }
    }

    /// A task that cannot succeed (or has run out of attempts) leaves the queue and marks its version FAILED;
    /// one that may yet succeed is retried after `retryAfter`.
    func failReplication(_ task: ReplicationTask, error: String, retryAfter: TimeInterval?, now: Date) async throws {
        try await database.transaction { db in
            if let retryAfter {
                try await db.raw("""
                    UPDATE s3_replication_queue SET attempts = attempts + 1, lease_until_ms = 0, last_error = \(bind: error),
                    due_ms = \(bind: Self.ms(now.addingTimeInterval(retryAfter))) WHERE task_id = \(bind: task.id)
                    """).run()
                return
            }
            try await db.raw("DELETE FROM s3_replication_queue WHERE task_id = \(bind: task.id)").run()
            try await Self.settleSourceStatus(db, task, to: ReplicationStatus.failed)
        }
    }

    /// A task whose version no longer exists is simply dropped.
    func dropReplication(_ task: ReplicationTask) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM s3_replication_queue WHERE task_id = \(bind: task.id)").run()
        }
    }

    /// Sets the source version's status: FAILED at once; COMPLETED only when no other destination is still pending
    /// and none failed.
    private static func settleSourceStatus(_ db: any SQLDatabase, _ task: ReplicationTask, to status: String) async throws {
        guard !task.isDeleteMarker else { return }
        if status == ReplicationStatus.completed {
            let remaining = try await db.raw("""
                SELECT COUNT(*) AS n FROM s3_replication_queue WHERE source_bucket = \(bind: task.sourceBucket)
                AND object_key = \(bind: task.key) AND version_id = \(bind: task.versionID)
                """).first()?.int("n") ?? 0
            guard remaining == 0 else { return }
        }
        try await db.raw("""
            UPDATE s3_objects SET replication_status = \(bind: status) WHERE bucket = \(bind: task.sourceBucket)
            AND object_key = \(bind: task.key) AND version_id = \(bind: task.versionID)
            AND (replication_status IS NULL OR replication_status <> \(bind: ReplicationStatus.failed))
            """).run()
    }
}
