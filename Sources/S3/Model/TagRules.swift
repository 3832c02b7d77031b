import Foundation
import SlipwayCore

/// S3's rules for object tags: at most 10, keys 1–128 and values 0–256 characters, unique keys, none under `aws:`.
enum TagRules {
    static func validate(_ tags: [ObjectTag]) throws {
        if tags.count > 10 { throw S3Error.invalidTag("Object tags cannot be greater than 10") }
        var seen = Set<String>()
        for tag in tags {
            guard (1...128).contains(tag.key.count) else { throw S3Error.invalidTag("The TagKey you have provided is invalid") }
            guard tag.value.count <= 256 else { throw S3Error.invalidTag("The TagValue you have provided is invalid") }
            guard !tag.key.lowercased().hasPrefix("aws:") else { throw S3Error.invalidTag("Your TagKey cannot be prefixed with aws:") }
            guard seen.insert(tag.key).inserted else { throw S3Error.invalidTag("Cannot provide multiple Tags with the same key") }
        }
    }

    /// Tags from an `x-amz-tagging` header: a URL-encoded query string `k1=v1&k2=v2`.
    static func parseHeader(_ header: String) throws -> [ObjectTag] {
        guard !header.isEmpty else { return [] }
        return try header.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) throws -> String {
                guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding, !decoded.containsNUL else {
                    throw S3Error.invalidArgument("The header 'x-amz-tagging' shall be encoded as UTF-8 then URLEncoded URL query parameters without tag name duplicates.", name: "x-amz-tagging", value: header)
                }
                return decoded
            }
            return ObjectTag(key: try decode(parts[0]), value: parts.count > 1 ? try decode(parts[1]) : "")
        }
    }
}
