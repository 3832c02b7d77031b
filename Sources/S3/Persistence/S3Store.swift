import Foundation
import MetadataStore
import SQLKit
import ServiceKit
import SlipwayCore

/// The S3 module's tables: every read and write of buckets goes through here.
struct S3Store: Sendable {
    let database: any MetadataDatabase
    /// Buckets are read on every request; a short lifetime bounds how stale another server's view can be.
    let bucketCache = TTLCache<Bucket?>(lifetime: 1)

    static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func bucket(from row: any SQLRow) -> Bucket? {
        guard let name = row.string("name"), let account = AccountID(row.string("account_id") ?? ""),
              let region = Region(row.string("region") ?? "")
        else { return nil }
        return Bucket(
            name: name, account: account, region: region, created: Date(timeIntervalSince1970: Double(row.int64("created_ms") ?? 0) / 1000),
            versioning: VersioningState(rawValue: row.string("versioning") ?? "") ?? .unversioned, policy: row.string("policy"),
            publicAccessBlock: row.string("public_access_block").flatMap { try? JSONDecoder().decode(PublicAccessBlockConfiguration.self, from: Data($0.utf8)) },
            tags: row.string("tags_json").flatMap { try? JSONDecoder().decode([ObjectTag].self, from: Data($0.utf8)) } ?? [],
            lifecycle: row.string("lifecycle_json").flatMap { try? JSONDecoder().decode(LifecycleConfiguration.self, from: Data($0.utf8)) },
            objectOwnership: row.string("object_ownership").flatMap(ObjectOwnership.init(rawValue:)),
            acl: row.string("acl_json").flatMap { try? JSONDecoder().decode(AccessControlList.self, from: Data($0.utf8)) }
        )
    }

    func bucket(named name: String) async throws -> Bucket? {
        try await bucketCache.value(for: name, now: Date()) {
            try await database.read { db in
                try await db.raw("SELECT * FROM s3_buckets WHERE name = \(bind: name)").first().flatMap(Self.bucket(from:))
            }
        }
    }

    /// Inserts the bucket unless the name is taken; returns the existing bucket when it is.
    func create(_ bucket: Bucket) async throws -> Bucket? {
        defer { bucketCache.remove(bucket.name) }
        return try await database.transaction { db -> Bucket? in
            if let existing = try await db.raw("SELECT * FROM s3_buckets WHERE name = \(bind: bucket.name)").first().flatMap(Self.bucket(from:)) {
                return existing
            }
            try await db.raw("""
                INSERT INTO s3_buckets (name, account_id, region, created_ms, public_access_block, object_ownership, acl_json)
                VALUES (\(bind: bucket.name), \(bind: bucket.account.rawValue), \(bind: bucket.region.name), \(bind: Self.ms(bucket.created)),
                        \(bind: try bucket.publicAccessBlock.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }),
                        \(bind: bucket.objectOwnership?.rawValue), \(bind: try bucket.acl.map(Self.json)))
                """).run()
            return nil
        }
    }

    /// The account's buckets in name order, after `start` and matching `prefix`, at most `limit`.
    func buckets(of account: AccountID, prefix: String, after start: String?, limit: Int) async throws -> [Bucket] {
        try await database.read { db in
            try await db.raw("""
                SELECT * FROM s3_buckets WHERE account_id = \(bind: account.rawValue) AND name > \(bind: start ?? "")
                ORDER BY name LIMIT \(bind: limit + 1)
                """).all().compactMap(Self.bucket(from:))
        }.filter { $0.name.hasPrefix(prefix) }
    }

    func setVersioning(_ name: String, _ state: VersioningState) async throws {
        defer { bucketCache.remove(name) }
        try await database.transaction { db in
            try await db.raw("UPDATE s3_buckets SET versioning = \(bind: state.rawValue) WHERE name = \(bind: name)").run()
        }
    }

    /// JSON text of a stored value.
    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    /// Sets (or with nil, deletes) the bucket's ownership controls; `enforcing` with an ACL that grants others is
    /// refused inside the same transaction, as S3 refuses it.
    func setOwnership(_ name: String, _ ownership: ObjectOwnership?) async throws {
        defer { bucketCache.remove(name) }
        try await database.transaction { db in
            if ownership == .bucketOwnerEnforced,
               let row = try await db.raw("SELECT acl_json FROM s3_buckets WHERE name = \(bind: name)").first(),
               let acl = row.string("acl_json").flatMap({ try? JSONDecoder().decode(AccessControlList.self, from: Data($0.utf8)) }), acl.grantsOthers {
                throw S3Error.invalidBucketACLWithObjectOwnership
            }
            try await db.raw("UPDATE s3_buckets SET object_ownership = \(bind: ownership?.rawValue) WHERE name = \(bind: name)").run()
        }
    }

    /// Replaces the bucket's ACL, unless ownership controls that disable ACLs were set meanwhile.
    func setBucketACL(_ name: String, _ acl: AccessControlList) async throws {
        defer { bucketCache.remove(name) }
        let json = try Self.json(acl)
        try await database.transaction { db in
            let row = try await db.raw("SELECT object_ownership FROM s3_buckets WHERE name = \(bind: name)").first()
            guard let row else { throw S3Error.noSuchBucket(name) }
            guard row.string("object_ownership") != ObjectOwnership.bucketOwnerEnforced.rawValue else { throw S3Error.aclNotSupported }
            try await db.raw("UPDATE s3_buckets SET acl_json = \(bind: json) WHERE name = \(bind: name)").run()
        }
    }

    func setPolicy(_ name: String, _ policy: String?) async throws {
        defer { bucketCache.remove(name) }
        try await database.transaction { db in
            try await db.raw("UPDATE s3_buckets SET policy = \(bind: policy) WHERE name = \(bind: name)").run()
        }
    }

    func setCORS(_ name: String, _ configuration: CORSConfiguration?) async throws {
        defer { bucketCache.remove(name) }
        let json = try configuration.map { String(decoding: try JSONEncoder().encode($0.rules.map(StoredCORSRule.init)), as: UTF8.self) }
        try await database.transaction { db in
            try await db.raw("UPDATE s3_buckets SET cors_json = \(bind: json) WHERE name = \(bind: name)").run()
        }
    }

    /// The bucket's CORS configuration, nil when it has none.
    func cors(_ name: String) async throws -> CORSConfiguration? {
        let json = try await database.read { db in
            try await db.raw("SELECT cors_json FROM s3_buckets WHERE name = \(bind: name)").first()?.string("cors_json")
        }
        guard let json, let rules = try? JSONDecoder().decode([StoredCORSRule].self, from: Data(json.utf8)) else { return nil }
        return CORSConfiguration(rules: rules.map(\.rule))
    }

    func setBucketTags(_ name: String, _ tags: [ObjectTag]?) async throws {
        defer { bucketCache.remove(name) }
        let json = try tags.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await database.transaction { db in
            try await db.raw("UPDATE s3_buckets SET tags_json = \(bind: json) WHERE name = \(bind: name)").run()
        }
    }

    /// The bucket's tags, nil when it has none.
    func bucketTags(_ name: String) async throws -> [ObjectTag]? {
        let json = try await database.read { db in
            try await db.raw("SELECT tags_json FROM s3_buckets WHERE name = \(bind: name)").first()?.string("tags_json")
        }
        return json.flatMap { try? JSONDecoder().decode([ObjectTag].self, from: Data($0.utf8)) }
    }

    func setPublicAccessBlock(_ name: String, _ configuration: PublicAccessBlockConfiguration?) async throws {
        defer { bucketCache.remove(name) }
        let json = try configuration.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await database.transaction { db in
            try await db.raw("UPDATE s3_buckets SET public_access_block = \(bind: json) WHERE name = \(bind: name)").run()
        }
    }

    func setLifecycle(_ name: String, _ configuration: LifecycleConfiguration?) async throws {
        defer { bucketCache.remove(name) }
        let json = try configuration.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await database.transaction { db in
            try await db.raw("UPDATE s3_buckets SET lifecycle_json = \(bind: json) WHERE name = \(bind: name)").run()
        }
    }

    /// Sets (or with nil, removes) a bucket's own default-encryption configuration.
    func setEncryption(_ name: String, _ configuration: ServerSideEncryptionConfiguration?) async throws {
        let json = try configuration.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        try await database.transaction { db in
            try await db.raw("UPDATE s3_buckets SET encryption_json = \(bind: json) WHERE name = \(bind: name)").run()
        }
    }

    /// The bucket's own default-encryption configuration, nil when it has none.
    func encryption(_ name: String) async throws -> ServerSideEncryptionConfiguration? {
        let json = try await database.read { db in
            try await db.raw("SELECT encryption_json FROM s3_buckets WHERE name = \(bind: name)").first()?.string("encryption_json")
        }
        return json.flatMap { try? JSONDecoder().decode(ServerSideEncryptionConfiguration.self, from: Data($0.utf8)) }
    }

    /// Buckets with a lifecycle configuration, with it.
    func lifecycles(bucket: String? = nil) async throws -> [(bucket: String, configuration: LifecycleConfiguration)] {
        try await database.read { db in
            try await db.raw("SELECT name, lifecycle_json FROM s3_buckets WHERE lifecycle_json IS NOT NULL").all().compactMap { row in
                guard let name = row.string("name"), bucket == nil || bucket == name, let json = row.string("lifecycle_json"),
                      let configuration = try? JSONDecoder().decode(LifecycleConfiguration.self, from: Data(json.utf8))
                else { return nil }
                return (name, configuration)
            }
        }
    }

    /// Every version of every key in a bucket (for the lifecycle worker), newest first within a key.
    func allVersions(bucket: String) async throws -> [StoredObject] {
        try await database.read { db in
            try await db.raw("SELECT * FROM s3_objects WHERE bucket = \(bind: bucket) ORDER BY object_key, seq DESC").all().compactMap(Self.object(from:))
        }
    }

    func delete(_ name: String) async throws {
        defer { bucketCache.remove(name) }
        try await database.transaction { db in
            try await db.raw("DELETE FROM s3_buckets WHERE name = \(bind: name)").run()
        }
    }
}

/// A CORS rule as stored (JSON, with plain member names).
struct StoredCORSRule: Codable {
    var id: String?
    var allowedHeaders: [String]?
    var allowedMethods: [String]
    var allowedOrigins: [String]
    var exposeHeaders: [String]?
    var maxAgeSeconds: Int?

    init(_ rule: CORSRule) {
        id = rule.id
        allowedHeaders = rule.allowedHeaders
        allowedMethods = rule.allowedMethods
        allowedOrigins = rule.allowedOrigins
        exposeHeaders = rule.exposeHeaders
        maxAgeSeconds = rule.maxAgeSeconds
    }

    var rule: CORSRule {
        CORSRule(id: id, allowedHeaders: allowedHeaders, allowedMethods: allowedMethods, allowedOrigins: allowedOrigins, exposeHeaders: exposeHeaders, maxAgeSeconds: maxAgeSeconds)
    }
}
