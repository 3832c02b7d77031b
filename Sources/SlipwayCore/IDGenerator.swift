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

    /// A version 4 UUID from the system's random source, formatted without Foundation (whose `UUID()` opens
    /// `/dev/urandom` for each one, a cost every request paid).
    public func uuid() -> String {
        var generator = SystemRandomNumberGenerator()
        let high = (generator.next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (generator.next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return Self.uuidText(high: high, low: low)
    }

    /// The 8-4-4-4-12 lowercase form of the 128 bits `high` then `low`.
    static func uuidText(high: UInt64, low: UInt64) -> String {
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 36) { buffer in
            var index = 0
            func put(_ value: UInt64, nibbles: Int) {
                for shift in stride(from: (nibbles - 1) * 4, through: 0, by: -4) {
                    buffer[index] = digits.utf8Start[Int((value >> UInt64(shift)) & 0xF)]
                    index += 1
                }
            }
            func dash() {
                buffer[index] = UInt8(ascii: "-")
                index += 1
            }
            put(high >> 32, nibbles: 8)
            dash()
            put(high >> 16, nibbles: 4)
            dash()
            put(high, nibbles: 4)
            dash()
            put(low >> 48, nibbles: 4)
            dash()
            put(low, nibbles: 12)
            return index
        }
    }
}
