import Foundation
@testable import SlipwayServer
import Testing

@Suite("Data directory files")
struct DataDirectoryTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-dd-\(UUID().uuidString)")
        try DataDirectory.prepare(url)
        return url
    }

    @Test func profilesAreAddedReplacedAndKeptPrivate() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("credentials")
        try DataDirectory.storeProfile("default", accessKeyID: "AKIA1", secretAccessKey: "s1", in: file)
        try DataDirectory.storeProfile("team", accessKeyID: "AKIA2", secretAccessKey: "s2", in: file)
        try DataDirectory.storeProfile("team", accessKeyID: "AKIA3", secretAccessKey: "s3", in: file)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == "[default]\naws_access_key_id = AKIA1\naws_secret_access_key = s1\n\n[team]\naws_access_key_id = AKIA3\naws_secret_access_key = s3\n")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func theSealingKeyIsMadeOnceAndKeptPrivate() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try DataDirectory.sealingKey(in: directory)
        let again = try DataDirectory.sealingKey(in: directory)
        #expect(first.count == 32 && first == again)
        let file = directory.appendingPathComponent("keys/blob-sealing.key")
        #expect(try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int == 0o600)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("keys").path)
        #expect(leftovers == ["blob-sealing.key"])
        let other = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(try DataDirectory.sealingKey(in: other) != first)
    }

    @Test func settingsRoundTrip() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("server.json")
        try DataDirectory.writeSettings(.init(databaseURL: "postgres://x@127.0.0.1/db", endpoint: "http://127.0.0.1:1", region: "eu-west-1"), to: file)
        let settings = try #require(DataDirectory.readSettings(file))
        #expect(settings.databaseURL == "postgres://x@127.0.0.1/db")
        #expect(settings.region == "eu-west-1")
    }
}
