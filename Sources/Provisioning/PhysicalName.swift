import Crypto
import Foundation

/// Names CloudFormation-style for resources whose template gives none: `stack-LogicalId-suffix`, the suffix from
/// a digest of the stack id and logical id — the same every time for one resource of one stack, so a create
/// interrupted by a crash can be found and cleaned up, and different for another stack of the same name.
public enum PhysicalName {
    /// The name for `request`'s resource, keeping only `allowed` characters (after lowercasing, when asked).
    /// A replacement's name differs from the one it replaces (it is made from the replaced resource's id too).
    public static func generate(for request: ResourceRequest, lowercase: Bool, allowed: Set<Character>) -> String {
        generate(stack: request.stackName, stackID: request.stackID, logicalID: request.logicalID, replacing: request.replacing, lowercase: lowercase, allowed: allowed)
    }

    public static func generate(stack: String, stackID: String, logicalID: String, replacing: String? = nil, lowercase: Bool, allowed: Set<Character>) -> String {
        func clean(_ text: String) -> String { String((lowercase ? text.lowercased() : text).filter { allowed.contains($0) }) }
        let seed = replacing.map { "\(stackID)/\(logicalID)/replacing/\($0)" } ?? "\(stackID)/\(logicalID)"
        let digest = SHA256.hash(data: Data(seed.utf8))
        let suffix = String(digest.map { String(format: "%02x", $0) }.joined().prefix(12))
        var stem = "\(clean(stack).prefix(30))-\(clean(logicalID).prefix(18))"
        while stem.hasPrefix("-") { stem.removeFirst() }
        return "\(stem)-\(lowercase ? suffix : suffix.uppercased())"
    }

    /// A UUID-shaped id derived from `text`: the same text, the same id.
    public static func stableUUID(_ text: String) -> String {
        let hex = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        let parts = [hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4), hex.dropFirst(20).prefix(12)]
        return parts.map(String.init).joined(separator: "-")
    }
}
