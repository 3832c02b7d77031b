import Foundation
import SQLKit

/// Applies the migrations a database has not seen yet, module by module, in version order.
public struct Migrator: Sendable {
    public let database: any MetadataDatabase

    public init(database: any MetadataDatabase) {
        self.database = database
    }

    /// Applies every pending migration; each one commits with its bookkeeping row or not at all.
    /// On PostgreSQL an advisory lock keeps several servers from migrating at once.
    @discardableResult
    public func migrate(_ migrations: [Migration]) async throws -> [Migration] {
        let kind = database.kind
        try await database.transaction { db in
            if kind == .postgres {
                // CREATE TABLE IF NOT EXISTS races between servers migrating at once; the lock orders them.
                try await db.raw("SELECT pg_advisory_xact_lock(7270314)").run()
            }
            try await db.raw("""
                CREATE TABLE IF NOT EXISTS slipway_migrations (
                    module TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    applied_at BIGINT NOT NULL,
                    PRIMARY KEY (module, version)
                )
                """).run()
        }
        var applied: [Migration] = []
        let ordered = migrations.sorted { ($0.module, $0.version) < ($1.module, $1.version) }
        for migration in ordered {
            let didApply = try await database.transaction { db in
                if kind == .postgres {
                    try await db.raw("SELECT pg_advisory_xact_lock(7270314)").run()
                }
                let existing = try await db.raw("""
                    SELECT version FROM slipway_migrations WHERE module = \(bind: migration.module) AND version = \(bind: migration.version)
                    """).first()
                guard existing == nil else { return false }
                for statement in migration.statements(kind) {
                    try await db.raw(SQLQueryString(statement)).run()
                }
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                try await db.raw("""
                    INSERT INTO slipway_migrations (module, version, name, applied_at)
                    VALUES (\(bind: migration.module), \(bind: migration.version), \(bind: migration.name), \(bind: now))
                    """).run()
                return true
            }
            if didApply { applied.append(migration) }
        }
        return applied
    }
}
