import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// SQLKit's view of a `DirectSQLiteConnection`: queries are serialized with SQLite's dialect and run in place.
struct DirectSQLDatabase: SQLDatabase {
    let connection: DirectSQLiteConnection
    let logger: Logger
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        for row in try run(query) { onRow(row) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        do {
            for row in try run(query) { onRow(row) }
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    private func run(_ query: any SQLExpression) throws -> [DirectRow] {
        let (sql, binds) = serialize(query)
        let result = try connection.execute(sql, try binds.map(Self.sqliteValue))
        guard !result.rows.isEmpty else { return [] }
        let index = DirectRow.ColumnIndex(result.columns)
        return result.rows.map { DirectRow(index: index, values: $0) }
    }

    /// A bind as SQLite stores it: the common types directly (the audit trail binds thousands per batch), others
    /// through SQLiteKit's encoder.
    static func sqliteValue(_ bind: any Encodable & Sendable) throws -> SQLiteData {
        switch bind {
        case let text as String: return .text(text)
        case let integer as Int: return .integer(integer)
        case let integer as Int64: return .integer(Int(integer))
        case let integer as Int32: return .integer(Int(integer))
        case let double as Double: return .float(double)
        case let flag as Bool: return .integer(flag ? 1 : 0)
        case let data as Data: return .blob(ByteBuffer(bytes: data))
        case let optional as any OptionalBind where optional.isNone: return .null
        default: return try SQLiteDataEncoder().encode(bind)
        }
    }
}

/// Lets a bind holding `nil` be recognised without knowing its wrapped type.
protocol OptionalBind {
    var isNone: Bool { get }
}

extension Optional: OptionalBind {
    var isNone: Bool { self == nil }
}

/// One result row, its columns looked up by name through an index shared by the whole result.
struct DirectRow: SQLRow {
    /// Column names and their positions; the first of duplicate names wins, as SQLite's own lookup does.
    final class ColumnIndex: Sendable {
        let names: [String]
        let positions: [String: Int]

        init(_ names: [String]) {
            self.names = names
            positions = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let index: ColumnIndex
    let values: [SQLiteData]

    var allColumns: [String] { index.names }

    func contains(column: String) -> Bool { index.positions[column] != nil }

    func decodeNil(column: String) throws -> Bool {
        guard let position = index.positions[column] else { return true }
        return values[position] == .null
    }

    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let position = index.positions[column] else {
            throw DecodingError.keyNotFound(
                SQLColumnKey(column), .init(codingPath: [], debugDescription: "No column named \(column) in the result")
            )
        }
        // The common column types directly; SQLiteKit's decoder (a conformance lookup per call) for the rest.
        switch values[position] {
        case .text(let text) where D.self == String.self: if let value = text as? D { return value }
        case .integer(let integer) where D.self == Int.self: if let value = integer as? D { return value }
        case .integer(let integer) where D.self == Int64.self: if let value = Int64(integer) as? D { return value }
        default: break
        }
        return try SQLiteDataDecoder().decode(D.self, from: values[position])
    }
}

/// A column name as a coding key, for decoding errors.
private struct SQLColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
