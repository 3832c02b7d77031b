import BlobStore
import Foundation
import SQLKit

extension S3Store {
    static func object(from row: any SQLRow) -> StoredObject? {
        guard let bucket = row.string("bucket"), let key = row.string("object_key"), let version = row.string("version_id") else { return nil }
        func json(_ column: String) -> [String: String] {
            (row.string(column)).flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        }
        return StoredObject(
            bucket: bucket, key: key, versionID: version, isLatest: row.int("is_latest") == 1, isDeleteMarker: row.int("delete_marker") == 1,
            blobID: row.string("blob_id").flatMap(BlobID.init), size: Int(row.int64("size") ?? 0), etag: row.string("etag") ?? "",
            contentType: row.string("content_type"), headers: json("headers_json"), metadata: json("metadata_json"),
            lastModified: Date(timeIntervalSince1970: Double(row.int64("last_modified_ms") ?? 0) / 1000)
        )
    }

    /// The current version of `key`, unless it is a delete marker or absent.
    func latestObject(bucket: String, key: String) async throws -> StoredObject? {
        try await database.read { db in
            try await db.raw("""
                SELECT * FROM s3_objects WHERE bucket = \(bind: bucket) AND object_key = \(bind: key) AND is_latest = 1
                """).first().flatMap(Self.object(from:))
        }.flatMap { $0.isDeleteMarker ? nil : $0 }
    }

    /// Makes `object` the only (`null`) version of its key; returns the blobs no longer referenced.
    func putUnversioned(_ object: StoredObject, ifNoneMatch: Bool) async throws -> [BlobID] {
        let headers = String(decoding: try JSONEncoder().encode(object.headers), as: UTF8.self)
        let metadata = String(decoding: try JSONEncoder().encode(object.metadata), as: UTF8.self)
        return try await database.transaction { db in
            guard try await db.raw("SELECT name FROM s3_buckets WHERE name = \(bind: object.bucket)").first() != nil else {
                throw S3Error.noSuchBucket(object.bucket)
            }
            let previous = try await db.raw("""
                SELECT * FROM s3_objects WHERE bucket = \(bind: object.bucket) AND object_key = \(bind: object.key)
                """).all().compactMap(Self.object(from:))
            if ifNoneMatch, previous.contains(where: { $0.isLatest && !$0.isDeleteMarker }) {
                throw S3Error.preconditionFailed("If-None-Match")
            }
            try await db.raw("DELETE FROM s3_objects WHERE bucket = \(bind: object.bucket) AND object_key = \(bind: object.key)").run()
            try await db.raw("""
                INSERT INTO s3_objects (bucket, object_key, version_id, is_latest, delete_marker, blob_id, size, etag, content_type,
                                        headers_json, metadata_json, last_modified_ms)
                VALUES (\(bind: object.bucket), \(bind: object.key), \(bind: object.versionID), 1, 0, \(bind: object.blobID?.rawValue),
                        \(bind: Int64(object.size)), \(bind: object.etag), \(bind: object.contentType), \(bind: headers), \(bind: metadata),
                        \(bind: Self.ms(object.lastModified)))
                """).run()
            return previous.compactMap(\.blobID)
        }
    }

    /// Removes every version of `key`; returns the blobs no longer referenced.
    func deleteUnversioned(bucket: String, key: String) async throws -> [BlobID] {
        try await database.transaction { db in
            let previous = try await db.raw("SELECT * FROM s3_objects WHERE bucket = \(bind: bucket) AND object_key = \(bind: key)")
                .all().compactMap(Self.object(from:))
            try await db.raw("DELETE FROM s3_objects WHERE bucket = \(bind: bucket) AND object_key = \(bind: key)").run()
            return previous.compactMap(\.blobID)
        }
    }

    /// Current objects of a bucket in key order, from after `start`, at most `limit` (+1 to tell whether more follow).
    func latestObjects(bucket: String, prefix: String, after start: String, limit: Int) async throws -> [StoredObject] {
        // S3 lists keys in UTF-8 byte order: SQLite's default, PostgreSQL's "C" collation.
        let key = database.kind == .postgres ? #"object_key COLLATE "C""# : "object_key"
        return try await database.read { db in
            try await db.raw("""
                SELECT * FROM s3_objects WHERE bucket = \(bind: bucket) AND is_latest = 1 AND delete_marker = 0
                AND \(unsafeRaw: key) > \(bind: start) AND \(unsafeRaw: key) >= \(bind: prefix)
                ORDER BY \(unsafeRaw: key) LIMIT \(bind: limit)
                """).all().compactMap(Self.object(from:))
        }
    }

    func hasObjects(bucket: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT object_key FROM s3_objects WHERE bucket = \(bind: bucket) LIMIT 1").first() != nil
        }
    }
}
