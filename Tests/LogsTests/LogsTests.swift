import Foundation
import Logging
import MetadataStore
import MetadataStoreSQLite
@testable import Logs
import SlipwayCore
import Testing

@Suite("CloudWatch Logs logic")
struct LogsTests {
    @Test(arguments: [
        ("", "anything", true),
        ("ERROR", "ERROR disk full", true),
        ("ERROR", "error disk full", false),
        ("ERROR disk", "disk ERROR", true),
        ("ERROR disk", "ERROR memory", false),
        ("\"disk full\"", "ERROR: disk full now", true),
        ("\"disk full\"", "full disk", false),
        ("?ERROR ?WARN", "WARN low memory", true),
        ("?ERROR ?WARN", "INFO fine", false),
        ("ERROR -retry", "ERROR will retry", false),
        ("ERROR -retry", "ERROR gave up", true),
    ])
    func filterPatterns(pattern: String, message: String, matches: Bool) throws {
        #expect(try FilterPattern(pattern).matches(message) == matches)
    }

    @Test func structuredPatternsAreRefusedNotIgnored() {
        #expect(throws: LogsError.self) { try FilterPattern(#"{ $.level = "ERROR" }"#) }
        #expect(throws: LogsError.self) { try FilterPattern("[ip, user, ...]") }
        #expect(throws: LogsError.self) { try FilterPattern("\"unclosed") }
    }

    @Test func eventIDsSortInArrivalOrder() {
        let ids = EventIDs()
        let made = (0..<1_000).map { _ in ids.next(ingestion: 1_700_000_000_000) }
        #expect(made == made.sorted())
        #expect(ids.next(ingestion: 999) < ids.next(ingestion: 1_000))
    }

    @Test func theWriterKeepsOrderAndMakesGroupAndStreamOnFirstUse() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-logs-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try await SQLiteMetadataDatabase.open(path: path, logger: Logger(label: "test"))
        try await Migrator(database: database).migrate(LogsModule.migrations)
        let module = LogsModule(database: database, clock: SystemWallClock())
        for index in 0..<300 { module.writer.append(["line \(index)"], group: "/aws/lambda/f", stream: index % 2 == 0 ? "a" : "b", account: "111111111111", region: "us-east-1") }
        let messages = try await module.writer.messages(group: "/aws/lambda/f", account: "111111111111", region: "us-east-1")
        #expect(messages == (0..<300).map { "line \($0)" })
        let streams = try await module.service.store.streams(account: "111111111111", region: "us-east-1", group: "/aws/lambda/f")
        #expect(streams.map(\.name) == ["a", "b"])
        #expect(try await module.writer.messages(group: "/aws/lambda/none", account: "111111111111", region: "us-east-1").isEmpty)
        try await database.close()
    }
}
