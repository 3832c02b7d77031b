import Logging
import MetadataStore
import SQLKit
import SQLiteKit

/// The embedded metadata database: one SQLite file in WAL mode, with foreign keys and a busy timeout.
///
/// One connection writes (transactions are serialized, as SQLite allows one writer) and one
/// connection reads, so reads are not queued behind writes.
public final class SQLiteMetadataDatabase: MetadataDatabase {
    public let kind = DatabaseKind.sqlite
    private let writer: SQLiteConnection
    private let reader: SQLiteConnection
    private let writeLock = AsyncMutex()
    private let readLock = AsyncMutex()

    private init(writer: SQLiteConnection, reader: SQLiteConnection) {
        self.writer = writer
        self.reader = reader
    }

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, logger: Logger) async throws -> SQLiteMetadataDatabase {
        let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000"] {
                try await writer.sql(queryLogLevel: nil).raw(SQLQueryString(pragma)).run()
            }
            let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000", "PRAGMA query_only = ON"] {
                try await reader.sql(queryLogLevel: nil).raw(SQLQueryString(pragma)).run()
            }
            return SQLiteMetadataDatabase(writer: writer, reader: reader)
        } catch {
            try? await writer.close()
            throw error
        }
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = writer.sql(queryLogLevel: nil)
        // IMMEDIATE takes the write lock up front, so two writers never deadlock upgrading from a read.
        return try await writeLock.withLock { try await db.runTransaction(begin: "BEGIN IMMEDIATE", body) }
    }

    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = reader.sql(queryLogLevel: nil)
        return try await readLock.withLock { try await db.runTransaction(body) }
    }

    public func close() async throws {
        try await writeLock.withLock {
            try await readLock.withLock {
                try await reader.close()
                try await writer.close()
            }
        }
    }
}
