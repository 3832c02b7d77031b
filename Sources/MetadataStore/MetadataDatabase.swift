import SQLKit

/// Which SQL engine holds the metadata; migrations use it to pick column types.
public enum DatabaseKind: String, Sendable {
    case sqlite
    case postgres
}

/// The one SQL facade every module stores its metadata through.
///
/// Writes go through `transaction`, which commits everything the body did or nothing;
/// the same module code runs on SQLite and PostgreSQL.
public protocol MetadataDatabase: Sendable {
    /// The engine behind this database.
    var kind: DatabaseKind { get }
    /// Runs `body` inside one transaction: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs read-only work; it may see a consistent snapshot but never holds the writer.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Closes connections; later calls fail.
    func close() async throws
}

extension DatabaseKind {
    /// The column type for raw bytes.
    public var blobType: String { self == .postgres ? "BYTEA" : "BLOB" }
    /// The column type for 64-bit integers (epoch milliseconds, counters).
    public var bigintType: String { "BIGINT" }
}
