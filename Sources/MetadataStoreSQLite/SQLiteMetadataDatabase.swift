import Logging
import MetadataStore
import SQLKit
import SQLiteKit
import Synchronization

/// The embedded metadata database: one SQLite file in WAL mode, with foreign keys and a busy timeout.
///
/// One connection writes (transactions are serialized, as SQLite allows one writer) and a few
/// connections read in parallel, so reads are neither queued behind writes nor behind each other.
public final class SQLiteMetadataDatabase: MetadataDatabase {
    public let kind = DatabaseKind.sqlite
    private let writer: SQLiteConnection
    private let readers: [(connection: SQLiteConnection, lock: AsyncMutex)]
    private let writeLock = AsyncMutex()
    private let nextReader = Atomic<Int>(0)

    private init(writer: SQLiteConnection, readers: [SQLiteConnection]) {
        self.writer = writer
        self.readers = readers.map { ($0, AsyncMutex()) }
    }

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, logger: Logger, readerCount: Int = 4) async throws -> SQLiteMetadataDatabase {
        let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        do {
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000"] {
                try await writer.sql(queryLogLevel: nil).raw(SQLQueryString(pragma)).run()
            }
            var readers: [SQLiteConnection] = []
            for _ in 0..<readerCount {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000", "PRAGMA query_only = ON"] {
                    try await reader.sql(queryLogLevel: nil).raw(SQLQueryString(pragma)).run()
                }
                readers.append(reader)
            }
            return SQLiteMetadataDatabase(writer: writer, readers: readers)
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

    /// Reads on the next reader connection; each statement sees a committed snapshot (WAL), without the cost of BEGIN/COMMIT.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let index = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue % readers.count
        let (connection, lock) = readers[index]
        let db = connection.sql(queryLogLevel: nil)
        return try await lock.withLock { try await body(db) }
    }

    public func close() async throws {
        try await writeLock.withLock {
            for (connection, lock) in readers {
                try await lock.withLock { try await connection.close() }
            }
            try await writer.close()
        }
    }
}
