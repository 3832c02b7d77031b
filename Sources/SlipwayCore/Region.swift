/// An AWS region name such as `us-east-1`.
public struct Region: Hashable, Sendable, Codable, CustomStringConvertible {
    public let name: String

    /// Accepts lowercase names of the `xx-word-N` shape AWS uses.
    public init?(_ name: String) {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.allSatisfy({ !$0.isEmpty }),
              name.allSatisfy({ ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || $0 == "-" }),
              parts.last?.allSatisfy(\.isNumber) == true
        else { return nil }
        self.name = name
    }

    public var description: String { name }

    public static let usEast1 = Region("us-east-1")!  // a valid literal
}
