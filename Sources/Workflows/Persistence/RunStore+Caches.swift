import Foundation
import SQLKit

extension RunStore {
    /// Stores a new cache entry; nil when the key is already taken on that ref (caches are immutable, as on GitHub).
    func insert(_ cache: CacheRecord) async throws -> CacheRecord? {
        do {
            return try await reserve(cache)
        } catch {
            // Another job saved the same key at the same moment (the unique index refused this one).
            if try await caches(repositoryArn: cache.repositoryArn, refs: [cache.ref]).contains(where: { $0.key == cache.key }) { return nil }
            throw error
        }
    }

    private func reserve(_ cache: CacheRecord) async throws -> CacheRecord? {
        try await database.transaction { db in
            var cache = cache
            let taken = try await db.raw("""
                SELECT id FROM workflows_caches WHERE repository_arn = \(bind: cache.repositoryArn) AND ref = \(bind: cache.ref) AND cache_key = \(bind: cache.key)
                """).first() != nil
            if taken { return nil }
            guard let id = try await db.raw("""
                INSERT INTO workflows_caches (repository_arn, ref, cache_key, record_json)
                VALUES (\(bind: cache.repositoryArn), \(bind: cache.ref), \(bind: cache.key), '{}') RETURNING id
                """).first()?.int("id") else { throw WorkflowStoreError(description: "the new cache got no id") }
            cache.id = id
            try await db.raw("UPDATE workflows_caches SET record_json = \(bind: Self.encode(cache)) WHERE id = \(bind: id)").run()
            return cache
        }
    }

    /// A repository's caches saved on `refs`, newest first.
    func caches(repositoryArn: String, refs: [String]) async throws -> [CacheRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM workflows_caches WHERE repository_arn = \(bind: repositoryArn) ORDER BY id DESC")
                .all().compactMap { (row: any SQLRow) -> CacheRecord? in Self.decode(row) }.filter { refs.contains($0.ref) }
        }
    }
}
