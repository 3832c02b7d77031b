import Foundation
import Logging
import MetadataStoreSQLite
@testable import SecretsManager
import SlipwayCore
import Testing

@Suite("Secrets Manager logic")
struct SecretsLogicTests {
    @Test func sealedValuesOpenOnlyForTheirSecretAndVersion() throws {
        let sealer = SecretSealer(keyBytes: Array(repeating: 7, count: 32))
        let sealed = try sealer.seal(Array("hunter2".utf8), secret: "arn:s", version: "v1")
        #expect(!String(decoding: sealed, as: UTF8.self).contains("hunter2"))
        #expect(try sealer.open(sealed, secret: "arn:s", version: "v1") == Array("hunter2".utf8))
        #expect(throws: (any Error).self) { try sealer.open(sealed, secret: "arn:s", version: "v2") }
        #expect(throws: (any Error).self) { try sealer.open(sealed, secret: "arn:other", version: "v1") }
        #expect(throws: (any Error).self) { try SecretSealer(keyBytes: Array(repeating: 8, count: 32)).open(sealed, secret: "arn:s", version: "v1") }
    }

    @Test func passwordsUseTheClassesAskedFor() throws {
        for _ in 0..<50 {
            let password = try PasswordGenerator.generate(GetRandomPasswordInput(passwordLength: 12, excludeCharacters: "aeiou", excludePunctuation: true))
            #expect(password.count == 12)
            #expect(password.allSatisfy { $0.isLetter || $0.isNumber } && !password.contains { "aeiou".contains($0) })
            #expect(password.contains(where: \.isUppercase) && password.contains(where: \.isLowercase) && password.contains(where: \.isNumber))
        }
        #expect(try PasswordGenerator.generate(GetRandomPasswordInput(excludeNumbers: true, excludePunctuation: true, excludeUppercase: true, excludeLowercase: true, includeSpace: true)) == String(repeating: " ", count: 32))
        #expect(throws: SecretsError.self) { try PasswordGenerator.generate(GetRandomPasswordInput(excludeNumbers: true, excludePunctuation: true, excludeUppercase: true, excludeLowercase: true)) }
    }

    @Test func stagingLabelsMoveWithNewVersions() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-secrets-\(UUID().uuidString).sqlite").path
        let database = try await SQLiteMetadataDatabase.open(path: path, logger: Logger(label: "test"))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let service = SecretsManagerModule(database: database, keyBytes: Array(repeating: 1, count: 32), ids: RandomIDGenerator(), clock: SystemWallClock()).service
        var secret = SecretRecord(
            arn: "arn:s", account: "111111111111", region: "us-east-1", name: "s", description: nil, kmsKeyID: nil, tags: [], policy: nil,
            created: Date(), lastChanged: Date(), lastAccessed: nil, deletionDate: nil, versions: []
        )
        try service.addVersion(&secret, value: (Array("1".utf8), false), id: "v1", stages: ["AWSCURRENT"])
        try service.addVersion(&secret, value: (Array("2".utf8), false), id: "v2", stages: ["AWSCURRENT"])
        try service.addVersion(&secret, value: (Array("p".utf8), false), id: "vp", stages: ["AWSPENDING"])
        #expect(secret.stagesByVersion == ["v1": ["AWSPREVIOUS"], "v2": ["AWSCURRENT"], "vp": ["AWSPENDING"]])
        try service.addVersion(&secret, value: (Array("3".utf8), false), id: "v3", stages: ["AWSCURRENT"])
        #expect(secret.stagesByVersion == ["v2": ["AWSPREVIOUS"], "v3": ["AWSCURRENT"], "vp": ["AWSPENDING"]])
        try service.addVersion(&secret, value: (Array("3".utf8), false), id: "v3", stages: ["AWSCURRENT"])  // same again: nothing changes
        #expect(secret.versions.count == 4)
        #expect(throws: SecretsError.self) { try service.addVersion(&secret, value: (Array("x".utf8), false), id: "v3", stages: ["AWSCURRENT"]) }
        try await database.close()
    }
}
