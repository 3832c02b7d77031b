import BlobStore
import Foundation
import SQLKit
import SlipwayCore

extension S3Store {
    /// Header and metadata maps by their stored JSON text.
    private static let decodedMaps = BoundedCache<String, [String: String]>(capacity: 512)

    static func object(from row: any SQLRow) -> StoredObject? {
        guard let bucket = row.string("bucket"), let key = row.string("object_key"), let version = row.string("version_id") else { return nil }
        func json(_ column: String) -> [String: String] {
            // Most objects have no metadata and no extra headers: skip the decoder for the empty object.
            guard let text = row.string(column), text != "{}" else { return [:] }
            // Many share the same few (`x-amz-server-side-encryption`, a content encoding): each is decoded once.
            return decodedMaps.value(for: text) { (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:] }
        }
        return StoredObject(
            bucket: bucket, key: key, versionID: version, isLatest: row.int("is_latest") == 1, isDeleteMarker: row.int("delete_marker") == 1,
            blobID: row.string("blob_id").flatMap(BlobID.init), size: Int(row.int64("size") ?? 0), etag: row.string("etag") ?? "",
            contentType: row.string("content_type"), headers: json("headers_json"), metadata: json("metadata_json"),
            lastModified: Date(timeIntervalSince1970: Double(row.int64("last_modified_ms") ?? 0) / 1000), seq: row.int64("seq") ?? 0,
            tags: row.string("tags_json").flatMap { $0 == "[]" ? [] : try? JSONDecoder().decode([ObjectTag].self, from: Data($0.utf8)) } ?? [],
            replicationStatus: row.string("replication_status"),
            acl: row.string("acl_json").flatMap { try? JSONDecoder().decode(AccessControlList.self, from: Data($0.utf8)) }
        )
    }

    /// The current version of `key`, unless it is a delete marker or absent.
    func latestObject(bucket: String, key: String) async throws -> StoredObject? {
        try await latestVersion(bucket: bucket, key: key).flatMap { $0.isDeleteMarker ? nil : $0 }
    }

    /// The current version of a key, a delete marker included.
    func latestVersion(bucket: String, key: String) async throws -> StoredObject? {
        try await database.read { db in
            try await db.raw("""
                SELECT * FROM s3_objects WHERE bucket = \(bind: bucket) AND object_key = \(bind: key) AND is_latest = 1
                """).first().flatMap(Self.object(from:))
        }
    }

    /// Stores `object` as the newest version of its key, under the bucket's versioning state read in the same
    /// transaction: a new version id when enabled, else replacing the `null` version. Returns the version id
    /// and the blobs no longer referenced.
    func putVersion(_ object: StoredObject, ifNoneMatch: Bool, inlineRow: TieredBlobStore.InlineRow? = nil) async throws -> (versionID: String, state: VersioningState, released: [BlobID]) {
        let result = try await database.transaction { db in
            try await inlineRow?.insert(db)
            let (state, replication) = try await Self.bucketState(db, bucket: object.bucket)
            let versions = try await Self.versions(db, bucket: object.bucket, key: object.key)
            if ifNoneMatch, versions.contains(where: { $0.isLatest && !$0.isDeleteMarker }) {
                throw S3Error.preconditionFailed("If-None-Match")
            }
            var stored = object
            stored.versionID = state == .enabled ? S3Store.newVersionID() : "null"
            let destinations = state == .enabled ? replication?.governingRules(key: object.key, tags: object.tags).map(\.destination) ?? [] : []
            stored.replicationStatus = destinations.isEmpty ? nil : ReplicationStatus.pending
            let released = try await Self.insertLatest(db, stored, replacing: versions)
            try await Self.enqueueReplication(db, stored, to: destinations, now: object.lastModified)
            return (stored.versionID, state, released)
        }
        return result
    }

    /// Deletes `key` as S3 does: a named version is removed for good; otherwise a versioned bucket gets a delete marker
    /// and an unversioned one loses the object. Returns the version id affected, whether it is a delete marker, and released blobs.
    func deleteObject(bucket: String, key: String, versionID: String?, now: Date) async throws -> (versionID: String?, deleteMarker: Bool, released: [BlobID]) {
        try await database.transaction { db in
            let (state, replication) = try await Self.bucketState(db, bucket: bucket)
            let versions = try await Self.versions(db, bucket: bucket, key: key)
            if let versionID {
                guard let target = versions.first(where: { $0.versionID == versionID }) else { return (versionID, false, []) }
                try await db.raw("""
                    DELETE FROM s3_objects WHERE bucket = \(bind: bucket) AND object_key = \(bind: key) AND version_id = \(bind: versionID)
                    """).run()
                if target.isLatest, let newest = versions.filter({ $0.versionID != versionID }).max(by: { $0.seq < $1.seq }) {
                    try await db.raw("""
                        UPDATE s3_objects SET is_latest = 1 WHERE bucket = \(bind: bucket) AND object_key = \(bind: key)
                        AND version_id = \(bind: newest.versionID)
                        """).run()
                }
                return (versionID, target.isDeleteMarker, target.blobID.map { [$0] } ?? [])
            }
            switch state {
            case .unversioned:
                try await db.raw("DELETE FROM s3_objects WHERE bucket = \(bind: bucket) AND object_key = \(bind: key)").run()
                return (nil, false, versions.compactMap(\.blobID))
            case .enabled, .suspended:
                let marker = StoredObject(
                    bucket: bucket, key: key, versionID: state == .enabled ? S3Store.newVersionID() : "null", isLatest: true,
                    isDeleteMarker: true, blobID: nil, size: 0, etag: "", contentType: nil, headers: [:], metadata: [:], lastModified: now
                )
                let released = try await Self.insertLatest(db, marker, replacing: versions)
                if let replication, state == .enabled {
                    try await Self.enqueueReplication(db, marker, to: replication.deleteMarkerDestinations(key: key), now: now)
                }
                return (marker.versionID, true, released)
            }
        }
    }

    /// One version of a key, delete markers included.
    func objectVersion(bucket: String, key: String, versionID: String) async throws -> StoredObject? {
        try await database.read { db in
            try await db.raw("""
                SELECT * FROM s3_objects WHERE bucket = \(bind: bucket) AND object_key = \(bind: key) AND version_id = \(bind: versionID)
                """).first().flatMap(Self.object(from:))
        }
    }

    /// Replaces the tags of a version (the current one when `versionID` is nil); returns the version tagged.
    func setTags(bucket: String, key: String, versionID: String?, tags: [ObjectTag]) async throws -> StoredObject {
        var tagged = try await setColumn("tags_json", to: try Self.json(tags), bucket: bucket, key: key, versionID: versionID, deleteMarkerMethod: "GET")
        tagged.tags = tags
        return tagged
    }

    /// Replaces the ACL of a version (the current one when `versionID` is nil); returns the version changed.
    func setACL(bucket: String, key: String, versionID: String?, _ acl: AccessControlList) async throws -> StoredObject {
        var changed = try await setColumn("acl_json", to: try Self.json(acl), bucket: bucket, key: key, versionID: versionID, deleteMarkerMethod: "PUT")
        changed.acl = acl
        return changed
    }

    /// Sets one JSON column of a version (the current one when `versionID` is nil) in one transaction, with S3's
    /// errors for a missing bucket, key or version and for a delete marker; returns the version as it was.
    private func setColumn(_ column: String, to json: String, bucket: String, key: String, versionID: String?, deleteMarkerMethod: String) async throws -> StoredObject {
        try await database.transaction { db in
            _ = try await Self.versioningState(db, bucket: bucket)
            let versions = try await Self.versions(db, bucket: bucket, key: key)
            let target: StoredObject
            if let versionID {
                guard let found = versions.first(where: { $0.versionID == versionID }) else { throw S3Error.noSuchVersion(key: key, versionID: versionID) }
                target = found
            } else {
                guard let found = versions.first(where: \.isLatest), !found.isDeleteMarker else { throw S3Error.noSuchKey(key) }
                target = found
            }
            guard !target.isDeleteMarker else { throw S3Error.methodNotAllowedOnDeleteMarker(method: deleteMarkerMethod) }
            try await db.raw("""
                UPDATE s3_objects SET \(unsafeRaw: column) = \(bind: json) WHERE bucket = \(bind: bucket) AND object_key = \(bind: key)
                AND version_id = \(bind: target.versionID)
                """).run()
            return target
        }
    }

    static func versioningState(_ db: any SQLDatabase, bucket: String) async throws -> VersioningState {
        try await bucketState(db, bucket: bucket).versioning
    }

    /// The bucket's versioning and replication configuration, read inside the writing transaction.
    static func bucketState(_ db: any SQLDatabase, bucket: String) async throws -> (versioning: VersioningState, replication: ReplicationConfiguration?) {
        guard let row = try await db.raw("SELECT versioning, replication_json FROM s3_buckets WHERE name = \(bind: bucket)").first() else {
            throw S3Error.noSuchBucket(bucket)
        }
        let replication = row.string("replication_json").flatMap { try? JSONDecoder().decode(ReplicationConfiguration.self, from: Data($0.utf8)) }
        return (VersioningState(rawValue: row.string("versioning") ?? "") ?? .unversioned, replication)
    }

    static func versions(_ db: any SQLDatabase, bucket: String, key: String) async throws -> [StoredObject] {
        try await db.raw("SELECT * FROM s3_objects WHERE bucket = \(bind: bucket) AND object_key = \(bind: key)")
            .all().compactMap(Self.object(from:))
    }

    /// Inserts `object` as the latest version; a `null` version it replaces is removed. Returns blobs released.
    static func insertLatest(_ db: any SQLDatabase, _ object: StoredObject, replacing versions: [StoredObject]) async throws -> [BlobID] {
        var released: [BlobID] = []
        if object.versionID == "null", let previous = versions.first(where: { $0.versionID == "null" }) {
            try await db.raw("""
                DELETE FROM s3_objects WHERE bucket = \(bind: object.bucket) AND object_key = \(bind: object.key) AND version_id = 'null'
                """).run()
            if let blob = previous.blobID { released.append(blob) }
        }
        try await db.raw("UPDATE s3_objects SET is_latest = 0 WHERE bucket = \(bind: object.bucket) AND object_key = \(bind: object.key)").run()
        let seq = (versions.map(\.seq).max() ?? 0) + 1
        let headers = String(decoding: try JSONEncoder().encode(object.headers), as: UTF8.self)
        let metadata = String(decoding: try JSONEncoder().encode(object.metadata), as: UTF8.self)
        let tags = String(decoding: try JSONEncoder().encode(object.tags), as: UTF8.self)
        try await db.raw("""
            INSERT INTO s3_objects (bucket, object_key, version_id, is_latest, delete_marker, blob_id, size, etag, content_type,
                                    headers_json, metadata_json, last_modified_ms, seq, tags_json, replication_status, acl_json)
            VALUES (\(bind: object.bucket), \(bind: object.key), \(bind: object.versionID), 1, \(bind: object.isDeleteMarker ? 1 : 0),
                    \(bind: object.blobID?.rawValue), \(bind: Int64(object.size)), \(bind: object.etag), \(bind: object.contentType),
                    \(bind: headers), \(bind: metadata), \(bind: ms(object.lastModified)), \(bind: seq), \(bind: tags),
                    \(bind: object.replicationStatus), \(bind: try object.acl.map(Self.json)))
            """).run()
        return released
    }

    /// A new version id: 32 URL-safe characters, as S3's are.
    static func newVersionID() -> String {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._")
        return String((0..<32).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Every version (delete markers included) of keys under `prefix`, in key order then newest first, after the marker.
    func versionsPage(bucket: String, prefix: String, afterKey: String, afterSeq: Int64?, limit: Int) async throws -> [StoredObject] {
        let key = database.kind == .postgres ? #"object_key COLLATE "C""# : "object_key"
        return try await database.read { db in
            try await db.raw("""
                SELECT * FROM s3_objects WHERE bucket = \(bind: bucket) AND \(unsafeRaw: key) >= \(bind: prefix)
                AND (\(unsafeRaw: key) > \(bind: afterKey) OR (\(unsafeRaw: key) = \(bind: afterKey) AND seq < \(bind: afterSeq ?? Int64.min)))
                ORDER BY \(unsafeRaw: key), seq DESC LIMIT \(bind: limit)
                """).all().compactMap(Self.object(from:))
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
