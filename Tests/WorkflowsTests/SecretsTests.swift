import Foundation
import Git
import Testing
@testable import Workflows

/// Secrets as the forge takes them: sealed boxes opened only with the repository's key, kept encrypted, names checked.
@Suite struct SecretsTests {
    @Test func aSealedBoxOpensOnlyWithItsKeyPairAndUnaltered() throws {
        let pair = SealedBoxes.keyPair()
        let other = SealedBoxes.keyPair()
        let sealed = try #require(SealedBoxes.seal(Array("s3cret".utf8), publicKey: pair.publicKey))
        #expect(SealedBoxes.open(sealed, publicKey: pair.publicKey, secretKey: pair.secretKey) == Array("s3cret".utf8))
        #expect(SealedBoxes.open(sealed, publicKey: other.publicKey, secretKey: other.secretKey) == nil)
        var altered = sealed
        altered[altered.count - 1] ^= 1
        #expect(SealedBoxes.open(altered, publicKey: pair.publicKey, secretKey: pair.secretKey) == nil)
        #expect(SealedBoxes.open([1, 2, 3], publicKey: pair.publicKey, secretKey: pair.secretKey) == nil)
    }

    @Test func storedSecretsAreEncryptedUnderTheDataDirectoryKey() throws {
        let sealer = SecretSealer(keyBytes: Array(repeating: 7, count: 32))
        let stored = try sealer.seal(Array("value".utf8))
        #expect(!stored.contains("value"))
        #expect(sealer.open(stored) == Array("value".utf8))
        #expect(SecretSealer(keyBytes: Array(repeating: 8, count: 32)).open(stored) == nil)
        #expect(sealer.open("not base64") == nil)
    }

    @Test func namesFollowGitHubsRules() throws {
        #expect(try RepositorySettings.name("api_key", kind: "Secret") == "API_KEY")
        #expect(try RepositorySettings.name("_X1", kind: "Variable") == "_X1")
        for bad in ["", "1ABC", "GITHUB_TOKEN", "has space", "dash-ed", "ümlaut"] {
            #expect(throws: ForgeError.self) { try RepositorySettings.name(bad, kind: "Secret") }
        }
    }
}
