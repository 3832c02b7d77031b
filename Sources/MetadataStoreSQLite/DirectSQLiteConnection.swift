import Foundation
import SQLiteNIO
import VaporCSQLite

/// One `sqlite3` handle driven directly: statements run on the calling thread and stay prepared for reuse.
///
/// SQLiteNIO hands every statement to a thread pool and every row back to an event loop — three thread switches a
/// statement — which capped a small PUT's transaction at about a millisecond. The callers here already serialize
/// access (one writer, one lock per reader) and statements take microseconds, so running them in place is cheaper.
/// The library is built thread-safe (`SQLITE_THREADSAFE=1`), so successive callers on different threads are fine.
final class DirectSQLiteConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// Statements kept prepared; beyond this the cache is cleared (queries are built from a fixed set of templates).
    private let cacheLimit = 512

    init(path: String) throws {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX
        let status = sqlite_nio_sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "cannot open \(path)"
            sqlite_nio_sqlite3_close(opened)
            throw DirectSQLiteError(code: status, message: message)
        }
        handle = opened
        sqlite_nio_sqlite3_extended_result_codes(opened, 1)
    }

    /// A result: the column names, and each row's values in column order.
    struct Result {
        var columns: [String]
        var rows: [[SQLiteData]]
    }

    /// Runs one statement with `binds` and collects its rows.
    func execute(_ sql: String, _ binds: [SQLiteData]) throws -> Result {
        guard let handle else { throw DirectSQLiteError(code: SQLITE_MISUSE, message: "the connection is closed") }
        let statement = try prepared(sql, handle)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        try bind(binds, to: statement, handle)
        let count = Int(sqlite_nio_sqlite3_column_count(statement))
        var columns: [String] = []
        columns.reserveCapacity(count)
        for column in 0..<count {
            columns.append(sqlite_nio_sqlite3_column_name(statement, Int32(column)).map { String(cString: $0) } ?? "")
        }
        var rows: [[SQLiteData]] = []
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw error(status, handle) }
            var row: [SQLiteData] = []
            row.reserveCapacity(count)
            for column in 0..<Int32(count) { row.append(Self.value(statement, column)) }
            rows.append(row)
        }
        return Result(columns: columns, rows: rows)
    }

    /// Runs one statement once per row of `rows`, binding each row's values in order (no result rows).
    func executeMany(_ sql: String, _ rows: [[SQLiteData]]) throws {
        guard let handle else { throw DirectSQLiteError(code: SQLITE_MISUSE, message: "the connection is closed") }
        let statement = try prepared(sql, handle)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for row in rows {
            sqlite_nio_sqlite3_reset(statement)
            try bind(row, to: statement, handle)
            let status = sqlite_nio_sqlite3_step(statement)
            guard status == SQLITE_DONE || status == SQLITE_ROW else { throw error(status, handle) }
        }
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer, _ handle: OpaquePointer) throws {
        for (offset, value) in binds.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .integer(let integer): status = sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
            case .float(let double): status = sqlite_nio_sqlite3_bind_double(statement, index, double)
            case .text(let text): status = sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
            case .blob(let buffer):
                status = buffer.withUnsafeReadableBytes { sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), Self.transient) }
            case .null: status = sqlite_nio_sqlite3_bind_null(statement, index)
            }
            guard status == SQLITE_OK else { throw error(status, handle) }
        }
    }

    private func prepared(_ sql: String, _ handle: OpaquePointer) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status, handle) }
        if statements.count >= cacheLimit { finalizeAll() }
        statements[sql] = statement
        return statement
    }

    private static func value(_ statement: OpaquePointer, _ column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT:
            guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            guard let bytes = sqlite_nio_sqlite3_column_blob(statement, column), length > 0 else { return .blob(ByteBuffer()) }
            return .blob(ByteBuffer(bytes: UnsafeRawBufferPointer(start: bytes, count: length)))
        default: return .null
        }
    }

    private func error(_ status: Int32, _ handle: OpaquePointer) -> DirectSQLiteError {
        DirectSQLiteError(code: status, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }

    private func finalizeAll() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements.removeAll()
    }

    func close() {
        finalizeAll()
        if let handle { sqlite_nio_sqlite3_close_v2(handle) }
        handle = nil
    }

    deinit { close() }

    /// SQLite copies bound text and blobs (`SQLITE_TRANSIENT`).
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A failed SQLite call: its (extended) result code and SQLite's message.
struct DirectSQLiteError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    var description: String { "SQLite error \(code): \(message)" }
}
