import Foundation
import Logging
import MetadataStore
import MetadataStoreSQLite
import MetadataStorePostgres
import SQLKit
import Testing

/// The engines the suite runs on: SQLite always, PostgreSQL when the test command started one.
enum Engine: String, CaseIterable, Sendable {
    case sqlite, postgres

    static var available: [Engine] {
        ProcessInfo.processInfo.environment["SLIPWAY_TEST_POSTGRES_URL"] == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    func open() async throws -> (any MetadataDatabase, cleanup: @Sendable () -> Void) {
        let logger = Logger(label: "test")
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-md-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let db = try await SQLiteMetadataDatabase.open(path: dir.appendingPathComponent("metadata.sqlite").path, logger: logger)
            return (db, { try? FileManager.default.removeItem(at: dir) })
        case .postgres:
            let url = ProcessInfo.processInfo.environment["SLIPWAY_TEST_POSTGRES_URL"] ?? ""
            return (try await PostgresMetadataDatabase.connect(url: url, logger: logger), {})
        }
    }
}

struct CounterError: Error {}

/// A module with a random name, so runs on a shared PostgreSQL never collide.
func scratchModule() -> (module: String, table: String, migrations: [Migration]) {
    let module = "t\(UInt32.random(in: 0...UInt32.max))"
    let table = "\(module)_things"
    let migrations = [
        Migration(module: module, version: 1, name: "things") { kind in
            ["CREATE TABLE \(table) (name TEXT PRIMARY KEY, size \(kind.bigintType) NOT NULL, data \(kind.blobType))"]
        },
        Migration(module: module, version: 2, name: "things.note") { _ in
            ["ALTER TABLE \(table) ADD COLUMN note TEXT"]
        },
    ]
    return (module, table, migrations)
}

@Suite("Metadata database")
struct MetadataDatabaseTests {
    @Test(arguments: Engine.available)
    func migrationsApplyOnceInOrder(engine: Engine) async throws {
        let (db, cleanup) = try await engine.open()
        defer { cleanup() }
        let scratch = scratchModule()
        let first = try await Migrator(database: db).migrate(scratch.migrations)
        #expect(first.map(\.version) == [1, 2])
        let second = try await Migrator(database: db).migrate(scratch.migrations)
        #expect(second.isEmpty)
        try await db.transaction { sql in
            try await sql.raw("INSERT INTO \(unsafeRaw: scratch.table) (name, size, note) VALUES (\(bind: "a"), \(bind: 1), \(bind: "n"))").run()
        }
        let note = try await db.read { sql in
            try await sql.raw("SELECT note FROM \(unsafeRaw: scratch.table) WHERE name = \(bind: "a")").first()?.string("note")
        }
        #expect(note == "n")
        try await db.close()
    }

    @Test(arguments: Engine.available)
    func failedTransactionChangesNothing(engine: Engine) async throws {
        let (db, cleanup) = try await engine.open()
        defer { cleanup() }
        let scratch = scratchModule()
        try await Migrator(database: db).migrate(scratch.migrations)
        await #expect(throws: CounterError.self) {
            try await db.transaction { sql in
                try await sql.raw("INSERT INTO \(unsafeRaw: scratch.table) (name, size) VALUES (\(bind: "x"), \(bind: 5))").run()
                throw CounterError()
            }
        }
        let count = try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: scratch.table)").first()?.int("n")
        }
        #expect(count == 0)
        try await db.close()
    }

    /// PostgreSQL cannot store U+0000 in text; that surfaces as `unstorableText` (the edge answers it 400), and the
    /// transaction changes nothing. SQLite stores it, so the edge refuses such input before it gets here.
    @Test func postgresRefusesNULAsUnstorableText() async throws {
        guard Engine.available.contains(.postgres) else { return }
        let (db, cleanup) = try await Engine.postgres.open()
        defer { cleanup() }
        let scratch = scratchModule()
        try await Migrator(database: db).migrate(scratch.migrations)
        await #expect(throws: MetadataStoreError.self) {
            try await db.transaction { sql in
                try await sql.raw("INSERT INTO \(unsafeRaw: scratch.table) (name, size) VALUES (\(bind: "ok"), \(bind: 1))").run()
                try await sql.raw("INSERT INTO \(unsafeRaw: scratch.table) (name, size) VALUES (\(bind: "a\u{0}b"), \(bind: 1))").run()
            }
        }
        do {
            _ = try await db.read { sql in try await sql.raw("SELECT name FROM \(unsafeRaw: scratch.table) WHERE name = \(bind: "\u{0}")").all() }
            Issue.record("a read naming U+0000 should be refused")
        } catch MetadataStoreError.unstorableText {
        }
        let count = try await db.read { sql in
            try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: scratch.table)").first()?.int("n")
        }
        #expect(count == 0)
        try await db.close()
    }

    @Test(arguments: Engine.available)
    func concurrentTransactionsSerialize(engine: Engine) async throws {
        let (db, cleanup) = try await engine.open()
        defer { cleanup() }
        let scratch = scratchModule()
        try await Migrator(database: db).migrate(scratch.migrations)
        try await db.transaction { sql in
            try await sql.raw("INSERT INTO \(unsafeRaw: scratch.table) (name, size) VALUES ('counter', 0)").run()
        }
        let table = scratch.table
        let lockClause = db.kind == .postgres ? " FOR UPDATE" : ""
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await db.transaction { sql in
                        let current = try await sql.raw("SELECT size FROM \(unsafeRaw: table) WHERE name = 'counter'\(unsafeRaw: lockClause)").first()?.int("size") ?? -100
                        try await sql.raw("UPDATE \(unsafeRaw: table) SET size = \(bind: current + 1) WHERE name = 'counter'").run()
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = try await db.read { sql in
            try await sql.raw("SELECT size FROM \(unsafeRaw: table) WHERE name = 'counter'").first()?.int("size")
        }
        #expect(final == 20)
        try await db.close()
    }

    @Test func blobsRoundTripOnSQLite() async throws {
        let (db, cleanup) = try await Engine.sqlite.open()
        defer { cleanup() }
        let scratch = scratchModule()
        try await Migrator(database: db).migrate(scratch.migrations)
        let bytes: [UInt8] = [0, 1, 2, 255]
        try await db.transaction { sql in
            try await sql.raw("INSERT INTO \(unsafeRaw: scratch.table) (name, size, data) VALUES ('b', 4, \(bind: Data(bytes)))").run()
        }
        let back = try await db.read { sql in
            try await sql.raw("SELECT data FROM \(unsafeRaw: scratch.table) WHERE name = 'b'").first()?.decode(column: "data", as: Data.self)
        }
        #expect(back.map(Array.init) == bytes)
        try await db.close()
    }

    @Test(arguments: Engine.available)
    func concurrentTransactionsFailAlone(engine: Engine) async throws {
        // Transactions arriving together may share one commit; one that throws must still undo only itself.
        let (db, cleanup) = try await engine.open()
        defer { cleanup() }
        let scratch = scratchModule()
        try await Migrator(database: db).migrate(scratch.migrations)
        let table = scratch.table
        let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<40 {
                group.addTask {
                    do {
                        let stored = try await db.transaction { sql in
                            try await sql.raw("INSERT INTO \(unsafeRaw: table) (name, size) VALUES (\(bind: "n\(index)"), \(bind: index))").run()
                            if index % 3 == 0 { throw CounterError() }
                            return index
                        }
                        return (stored, true)
                    } catch is CounterError {
                        return (index, false)
                    }
                }
            }
            return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
        }
        #expect(outcomes.count == 40)
        #expect(outcomes.filter { !$0.value }.keys.sorted() == Array(stride(from: 0, to: 40, by: 3)))
        let names = try await db.read { sql in
            try await sql.raw("SELECT size FROM \(unsafeRaw: table) ORDER BY size").all().compactMap { $0.int("size") }
        }
        #expect(names == (0..<40).filter { $0 % 3 != 0 })
        // A duplicate key fails its own transaction with the engine's constraint error, not its neighbours'.
        await #expect(throws: (any Error).self) {
            try await db.transaction { sql in
                try await sql.raw("INSERT INTO \(unsafeRaw: table) (name, size) VALUES ('n1', 1)").run()
            }
        }
        try await db.close()
    }

    @Test(arguments: Engine.available)
    func bindsOfEveryCommonTypeRoundTrip(engine: Engine) async throws {
        let (db, cleanup) = try await engine.open()
        defer { cleanup() }
        let scratch = scratchModule()
        try await Migrator(database: db).migrate(scratch.migrations)
        let table = scratch.table
        let absent: String? = nil
        let present: String? = "note"
        try await db.transaction { sql in
            try await sql.raw("INSERT INTO \(unsafeRaw: table) (name, size, note) VALUES (\(bind: "a"), \(bind: Int64(1) << 40), \(bind: absent))").run()
            try await sql.raw("INSERT INTO \(unsafeRaw: table) (name, size, note) VALUES (\(bind: "b"), \(bind: Int(7)), \(bind: present))").run()
        }
        let rows = try await db.read { sql in
            try await sql.raw("SELECT name, size, note FROM \(unsafeRaw: table) ORDER BY name").all().map { ($0.string("name"), $0.int64("size"), $0.string("note")) }
        }
        #expect(rows.map(\.0) == ["a", "b"])
        #expect(rows.map(\.1) == [Int64(1) << 40, 7])
        #expect(rows.map(\.2) == [nil, "note"])
        try await db.close()
    }
}
