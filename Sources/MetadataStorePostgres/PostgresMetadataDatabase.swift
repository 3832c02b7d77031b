import Foundation
import Logging
import MetadataStore
import PostgresKit
import SQLKit

/// Metadata in PostgreSQL, so several Slipway servers can share one database.
///
/// Uses postgres-nio's pooled client; the client's run loop lives in a task this type owns.
public final class PostgresMetadataDatabase: MetadataDatabase {
    public let kind = DatabaseKind.postgres
    private let client: PostgresClient
    private let runTask: Task<Void, Never>
    private let logger: Logger

    private init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
        self.runTask = Task { await client.run() }
    }

    /// Connects to `postgres://user:password@host:port/database`.
    public static func connect(url: String, logger: Logger) async throws -> PostgresMetadataDatabase {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw MetadataStoreError.invalidURL(url)
        }
        guard components.scheme == "postgres" || components.scheme == "postgresql" else {
            throw MetadataStoreError.unsupportedScheme(components.scheme ?? "")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(
            host: host,
            port: components.port ?? 5432,
            username: components.user ?? "postgres",
            password: components.password,
            database: database.isEmpty ? nil : database,
            tls: .disable
        )
        configuration.options.maximumConnections = 8
        let db = PostgresMetadataDatabase(client: PostgresClient(configuration: configuration, backgroundLogger: logger), logger: logger)
        // Fail fast on a wrong URL instead of on the first request.
        do {
            try await db.read { sql in try await sql.raw("SELECT 1").run() }
        } catch {
            try? await db.close()
            throw error
        }
        return db
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await Self.refusingNUL {
            try await client.withConnection { connection in
                try await connection.sql(queryLogLevel: nil, logger: self.logger).runTransaction(body)
            }
        }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await Self.refusingNUL {
            try await client.withConnection { connection in
                try await body(connection.sql(queryLogLevel: nil))
            }
        }
    }

    /// PostgreSQL refuses text holding U+0000 ("invalid byte sequence", SQLSTATE 22021), which SQLite stores: that
    /// is the input's fault, so it surfaces as `unstorableText` for the edge to answer 400, not as a failure.
    private static func refusingNUL<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "22021" {
            throw MetadataStoreError.unstorableText
        }
    }

    public func close() async throws {
        runTask.cancel()
        await runTask.value
    }
}
