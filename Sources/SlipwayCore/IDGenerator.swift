import Foundation

/// Makes the identifiers AWS hands out: request ids, access key ids, secrets, unique ids.
public protocol IDGenerator: Sendable {
    /// Random characters drawn from `alphabet`.
    func randomString(length: Int, alphabet: [Character]) -> String
    /// A UUID in lowercase 8-4-4-4-12 form, as AWS request ids are.
    func uuid() -> String
}

extension IDGenerator {
    /// An IAM unique id (`AIDA…`, `AROA…`, `ASIA…`): a four-letter prefix and 16 or 17 upper-case characters.
    public func uniqueID(prefix: String, length: Int = 21) -> String {
        prefix + randomString(length: length - prefix.count, alphabet: IDAlphabet.upperAlphanumeric)
    }

    /// A 40-character secret access key.
    public func secretAccessKey() -> String {
        randomString(length: 40, alphabet: IDAlphabet.secret)
    }
}

/// The character sets identifiers are drawn from.
public enum IDAlphabet {
    public static let upperAlphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    public static let lowerAlphanumeric = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    public static let secret = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}

/// Identifiers from the system's cryptographic random source.
public struct RandomIDGenerator: IDGenerator {
    public init() {}

    public func randomString(length: Int, alphabet: [Character]) -> String {
        var generator = SystemRandomNumberGenerator()
        var result = ""
        result.reserveCapacity(length)
        for _ in 0..<length {
            result.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
        }
        return result
    }

    public func uuid() -> String { UUID().uuidString.lowercased() }
}
