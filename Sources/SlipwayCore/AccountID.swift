/// A 12-digit AWS account number.
public struct AccountID: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let rawValue: String

    /// Accepts exactly twelve ASCII digits.
    public init?(_ rawValue: String) {
        guard rawValue.utf8.count == 12, rawValue.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: AccountID, rhs: AccountID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = AccountID(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an account id"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// A random account number that does not start with zero.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> AccountID {
        var digits = String(Int.random(in: 1...9, using: &generator))
        for _ in 0..<11 { digits += String(Int.random(in: 0...9, using: &generator)) }
        return AccountID(digits)!  // twelve digits by construction
    }
}
