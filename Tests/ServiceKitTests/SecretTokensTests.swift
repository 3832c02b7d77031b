import ServiceKit
import Testing

@Suite("Secret tokens")
struct SecretTokensTests {
    @Test func tokensAreRandomAndKeptOnlyAsHashes() {
        let a = SecretTokens.make(), b = SecretTokens.make()
        #expect(a.count == 64 && a != b)
        #expect(a.allSatisfy { $0.isHexDigit })
        #expect(SecretTokens.hash(a).count == 64 && SecretTokens.hash(a) != a && SecretTokens.hash(a) == SecretTokens.hash(a))
        // The SHA-256 of "abc", FIPS 180-2's example.
        #expect(SecretTokens.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func tokensAreComparedWhole() {
        let a = SecretTokens.make(), b = SecretTokens.make()
        #expect(SecretTokens.equal(a, a))
        #expect(!SecretTokens.equal(a, b))
        #expect(!SecretTokens.equal(a, String(a.dropLast())))
        #expect(!SecretTokens.equal("", a))
        #expect(SecretTokens.equal("", ""))
    }
}
