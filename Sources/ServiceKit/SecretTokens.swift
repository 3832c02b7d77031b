import Crypto
import Foundation

/// Secret tokens for links, cookies and forms: drawn from the system's random source, stored only as their SHA-256,
/// and compared in constant time.
public enum SecretTokens {
    /// 32 random bytes as 64 lowercase hex digits.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// The lowercase hex SHA-256 of a token: the form it is stored and looked up in.
    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `a` equals `b`, examining every byte of both whatever they share.
    public static func equal(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            difference |= (index < left.count ? left[index] : 0) ^ (index < right.count ? right[index] : 0)
        }
        return difference == 0
    }
}
