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
    /// Inserts many rows of plain values into one table in one transaction (the audit trail's batches).
    func insertRows(into table: String, columns: [String], rows: [[MetadataValue]]) async throws
}

/// A plain column value for `insertRows`.
public enum MetadataValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case null

    /// Text, or NULL for nil.
    public static func text(_ value: String?) -> MetadataValue { value.map { .text($0) } ?? .null }
}

extension MetadataDatabase {
    /// Multi-row INSERTs of up to 200 rows each, through SQLKit.
    public func insertRows(into table: String, columns: [String], rows: [[MetadataValue]]) async throws {
        guard !rows.isEmpty else { return }
        try await transaction { db in
            for chunk in stride(from: 0, to: rows.count, by: 200) {
                var insert = db.insert(into: table).columns(columns)
                for row in rows[chunk..<min(chunk + 200, rows.count)] {
                    insert = insert.values(row.map { value -> any SQLExpression in
                        switch value {
                        case .text(let text): SQLBind(text)
                        case .integer(let integer): SQLBind(integer)
                        case .null: SQLLiteral.null
                        }
                    })
                }
                try await insert.run()
            }
        }
    }
}

extension DatabaseKind {
    /// The column type for raw bytes.
    public var blobType: String { self == .postgres ? "BYTEA" : "BLOB" }
    /// The column type for 64-bit integers (epoch milliseconds, counters).
    public var bigintType: String { "BIGINT" }
}
