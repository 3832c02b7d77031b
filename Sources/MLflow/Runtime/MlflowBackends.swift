import Foundation
import MetadataStore
import SQLKit

/// Where each MLflow server keeps its experiments, runs and models: a SQLite file in its state directory, or — when
/// Slipway itself keeps its metadata in PostgreSQL — a schema of its own in that database, reached as a role of its
/// own that can touch nothing else.
struct MlflowBackends: Sendable {
    let database: any MetadataDatabase
    /// Slipway's `postgres://` URL, or nil for SQLite.
    let postgresURL: String?
    /// Where servers' state directories are.
    let root: URL

    /// The SQLite file a server's store is, inside its sandbox; nil when stores are in PostgreSQL.
    func sqlitePath(statePath: String) -> String? {
        postgresURL == nil ? statePath + "/mlflow.db" : nil
    }

    static func schema(_ id: String) -> String { "mlflow_" + id.replacingOccurrences(of: "-", with: "_") }

    /// The backend store URI the server's process uses (its state directory at `statePath` inside the sandbox),
    /// making its schema and role first when they do not exist yet.
    func prepare(_ record: MlflowServerRecord, statePath: String) async throws -> String {
        guard let postgresURL, var parts = URLComponents(string: postgresURL) else {
            return "sqlite:///" + (sqlitePath(statePath: statePath) ?? statePath + "/mlflow.db")
        }
        let name = Self.schema(record.id)
        let secretFile = root.appendingPathComponent(record.id).appendingPathComponent("postgres.secret")
        let password: String
        if let stored = try? String(contentsOf: secretFile, encoding: .utf8), !stored.isEmpty {
            password = stored
        } else {
            password = (0..<4).map { _ in UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }.joined()
            try await database.transaction { db in
                // Identifiers and the password are made here of [a-z0-9_] only, never of input.
                try await db.raw("CREATE ROLE \(unsafeRaw: name) LOGIN PASSWORD '\(unsafeRaw: password)'").run()
                try await db.raw("CREATE SCHEMA \(unsafeRaw: name) AUTHORIZATION \(unsafeRaw: name)").run()
                try await db.raw("ALTER ROLE \(unsafeRaw: name) SET search_path = \(unsafeRaw: name)").run()
            }
            try password.write(to: secretFile, atomically: true, encoding: .utf8)
        }
        parts.scheme = "postgresql+psycopg2"
        parts.user = name
        parts.password = password
        parts.queryItems = nil
        guard let url = parts.string else { throw MlflowRuntimeError("The PostgreSQL URL Slipway was given cannot be used for MLflow.") }
        return url
    }

    /// Removes the server's schema and role (its SQLite file goes with its state directory).
    func drop(_ record: MlflowServerRecord) async throws {
        guard postgresURL != nil else { return }
        let name = Self.schema(record.id)
        try await database.transaction { db in
            try await db.raw("DROP SCHEMA IF EXISTS \(unsafeRaw: name) CASCADE").run()
            try await db.raw("DROP ROLE IF EXISTS \(unsafeRaw: name)").run()
        }
    }
}
