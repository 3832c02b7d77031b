import Foundation
import MetadataStore
import SQLKit

/// The runner's per-repository settings tables: secrets, variables and key pairs, and deployment environments.
struct SettingsStore: Sendable {
    let database: any MetadataDatabase

    func settings(_ repositoryArn: String) async throws -> RepositorySettingsRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM workflows_settings WHERE repository_arn = \(bind: repositoryArn)").first().flatMap(RunStore.decode)
        }
    }

    /// Holds the repository's settings for the rest of the transaction: on PostgreSQL a lock on the repository (so
    /// concurrent changes, and the first settings or environment made, queue); SQLite's write transactions are
    /// serialized already.
    static func lock(_ db: any SQLDatabase, _ repositoryArn: String, kind: DatabaseKind) async throws {
        guard kind == .postgres else { return }
        try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "workflows-settings:" + repositoryArn)))").run()
    }

    /// The settings, made (with a new key pair) by `make` when the repository has none yet.
    func settings(_ repositoryArn: String, make: @escaping @Sendable () throws -> RepositorySettingsRecord) async throws -> RepositorySettingsRecord {
        if let found = try await settings(repositoryArn) { return found }
        let made = try make()
        let kind = database.kind
        return try await database.transaction { db in
            try await Self.lock(db, repositoryArn, kind: kind)
            if let raced: RepositorySettingsRecord = try await db.raw("SELECT record_json FROM workflows_settings WHERE repository_arn = \(bind: repositoryArn)").first()
                .flatMap(RunStore.decode) { return raced }
            try await db.raw("INSERT INTO workflows_settings (repository_arn, record_json) VALUES (\(bind: repositoryArn), \(bind: RunStore.encode(made)))").run()
            return made
        }
    }

    /// Changes the settings under their row's lock.
    func update(_ repositoryArn: String, _ change: @escaping @Sendable (inout RepositorySettingsRecord) throws -> Void) async throws {
        let kind = database.kind
        try await database.transaction { db in
            try await Self.lock(db, repositoryArn, kind: kind)
            guard var record: RepositorySettingsRecord = try await db.raw("SELECT record_json FROM workflows_settings WHERE repository_arn = \(bind: repositoryArn)")
                .first().flatMap(RunStore.decode) else { return }
            try change(&record)
            try await db.raw("UPDATE workflows_settings SET record_json = \(bind: RunStore.encode(record)) WHERE repository_arn = \(bind: repositoryArn)").run()
        }
    }

    func environments(_ repositoryArn: String) async throws -> [EnvironmentRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM workflows_environments WHERE repository_arn = \(bind: repositoryArn) ORDER BY name_key")
                .all().compactMap(RunStore.decode)
        }
    }

    func environment(_ repositoryArn: String, name: String) async throws -> EnvironmentRecord? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM workflows_environments WHERE repository_arn = \(bind: repositoryArn) AND name_key = \(bind: name.lowercased())
                """).first().flatMap(RunStore.decode)
        }
    }

    /// Creates or changes an environment: `change` gets the stored one (or nil) and returns what to keep.
    @discardableResult
    func putEnvironment(
        _ repositoryArn: String, name: String, _ change: @escaping @Sendable (EnvironmentRecord?) throws -> EnvironmentRecord
    ) async throws -> EnvironmentRecord {
        let kind = database.kind
        return try await database.transaction { db in
            try await Self.lock(db, repositoryArn, kind: kind)
            let existing: EnvironmentRecord? = try await db.raw("""
                SELECT record_json FROM workflows_environments WHERE repository_arn = \(bind: repositoryArn) AND name_key = \(bind: name.lowercased())
                """).first().flatMap(RunStore.decode)
            let record = try change(existing)
            if existing == nil {
                try await db.raw("""
                    INSERT INTO workflows_environments (repository_arn, name_key, record_json)
                    VALUES (\(bind: repositoryArn), \(bind: name.lowercased()), \(bind: RunStore.encode(record)))
                    """).run()
            } else {
                try await db.raw("""
                    UPDATE workflows_environments SET record_json = \(bind: RunStore.encode(record))
                    WHERE repository_arn = \(bind: repositoryArn) AND name_key = \(bind: name.lowercased())
                    """).run()
            }
            return record
        }
    }

    func deleteEnvironment(_ repositoryArn: String, name: String) async throws -> Bool {
        let kind = database.kind
        return try await database.transaction { db in
            try await Self.lock(db, repositoryArn, kind: kind)
            let found = try await db.raw("""
                SELECT name_key FROM workflows_environments WHERE repository_arn = \(bind: repositoryArn) AND name_key = \(bind: name.lowercased())
                """).first() != nil
            try await db.raw("DELETE FROM workflows_environments WHERE repository_arn = \(bind: repositoryArn) AND name_key = \(bind: name.lowercased())").run()
            return found
        }
    }
}
