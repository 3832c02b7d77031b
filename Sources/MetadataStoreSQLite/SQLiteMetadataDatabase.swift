import Logging
import MetadataStore
import SQLKit
import SQLiteNIO
import Synchronization

/// The embedded metadata database: one SQLite file in WAL mode, with foreign keys and a busy timeout.
///
/// One connection writes — transactions arriving together share one commit (see `GroupCommitWriter`) — and a few
/// connections read in parallel, so reads are neither queued behind writes nor behind each other.
public final class SQLiteMetadataDatabase: MetadataDatabase {
    public let kind = DatabaseKind.sqlite
    private let writerConnection: DirectSQLiteConnection
    private let writer: GroupCommitWriter
    private let readers: [(database: DirectSQLDatabase, lock: AsyncMutex, executor: DedicatedThreadExecutor)]
    private let writerExecutor = DedicatedThreadExecutor(name: "sqlite-writer")
    private let closed = Atomic<Bool>(false)
    private let nextReader = Atomic<Int>(0)

    private init(writer: DirectSQLiteConnection, readers: [DirectSQLiteConnection], logger: Logger) {
        writerConnection = writer
        self.writer = GroupCommitWriter(database: DirectSQLDatabase(connection: writer, logger: logger), executor: writerExecutor)
        self.readers = readers.enumerated().map { index, connection in
            (DirectSQLDatabase(connection: connection, logger: logger), AsyncMutex(), DedicatedThreadExecutor(name: "sqlite-reader-\(index)"))
        }
    }

    /// Opens (creating if needed) the database file at `path`.
    public static func open(path: String, logger: Logger, readerCount: Int = 4) async throws -> SQLiteMetadataDatabase {
        let writer = try DirectSQLiteConnection(path: path)
        var readers: [DirectSQLiteConnection] = []
        do {
            // FULL: a commit is on disk before the caller hears of it.
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000"] {
                _ = try writer.execute(pragma, [])
            }
            for _ in 0..<readerCount {
                let reader = try DirectSQLiteConnection(path: path)
                readers.append(reader)
                for pragma in ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 10000", "PRAGMA query_only = ON"] {
                    _ = try reader.execute(pragma, [])
                }
            }
        } catch {
            for reader in readers { reader.close() }
            writer.close()
            throw error
        }
        return SQLiteMetadataDatabase(writer: writer, readers: readers, logger: logger)
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard !closed.load(ordering: .acquiring) else { throw MetadataStoreError.closed }
        return try await writer.transaction(body)
    }

    /// Reads on the next reader connection; each statement sees a committed snapshot (WAL), without the cost of BEGIN/COMMIT.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard !closed.load(ordering: .acquiring) else { throw MetadataStoreError.closed }
        let index = nextReader.wrappingAdd(1, ordering: .relaxed).oldValue % readers.count
        let (database, lock, executor) = readers[index]
        return try await withTaskExecutorPreference(executor) { try await lock.withLock { try await body(database) } }
    }

    /// One prepared single-row INSERT stepped per row, inside one (group-committed) transaction.
    public func insertRows(into table: String, columns: [String], rows: [[MetadataValue]]) async throws {
        guard !rows.isEmpty else { return }
        let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))"
        let values = rows.map { row in
            row.map { value -> SQLiteData in
                switch value {
                case .text(let text): .text(text)
                case .integer(let integer): .integer(Int(integer))
                case .null: .null
                }
            }
        }
        let connection = writerConnection
        try await transaction { _ in try connection.executeMany(sql, values) }
    }

    public func close() async throws {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // A transaction still running finishes first: the writer takes the next group only after it.
        _ = try? await writer.transaction { _ in () }
        for (database, lock, executor) in readers {
            await lock.withLock { database.connection.close() }
            executor.shutdown()
        }
        writerConnection.close()
        writerExecutor.shutdown()
    }
}
