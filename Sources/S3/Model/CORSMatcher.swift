/// S3's CORS rule matching: an origin against patterns with at most one `*`, a method, and requested headers.
enum CORSMatcher {
    static let methods: Set<String> = ["GET", "PUT", "POST", "DELETE", "HEAD"]

    /// The first rule allowing `origin` to use `method` with `headers` (lowercased names).
    static func rule(in configuration: CORSConfiguration, origin: String, method: String, headers: [String]) -> CORSRule? {
        configuration.rules.first { rule in
            rule.allowedMethods.contains(method)
                && rule.allowedOrigins.contains { matches(pattern: $0, value: origin) }
                && headers.allSatisfy { header in (rule.allowedHeaders ?? []).contains { matches(pattern: $0.lowercased(), value: header) } }
        }
    }

    /// A pattern with at most one `*` that stands for any run of characters.
    static func matches(pattern: String, value: String) -> Bool {
        guard let star = pattern.firstIndex(of: "*") else { return pattern == value }
        let head = pattern[..<star]
        let tail = pattern[pattern.index(after: star)...]
        return value.count >= head.count + tail.count && value.hasPrefix(head) && value.hasSuffix(tail)
    }

    /// Refuses what S3 refuses when a configuration is put.
    static func validate(_ configuration: CORSConfiguration) throws {
        guard !configuration.rules.isEmpty, configuration.rules.count <= 100 else { throw S3Error.malformedXML() }
        for rule in configuration.rules {
            guard !rule.allowedMethods.isEmpty, !rule.allowedOrigins.isEmpty else { throw S3Error.malformedXML() }
            for method in rule.allowedMethods where !methods.contains(method) {
                throw S3Error.invalidRequest("Found unsupported HTTP method in CORS config. Unsupported method is \(method)")
            }
            for origin in rule.allowedOrigins where origin.filter({ $0 == "*" }).count > 1 {
                throw S3Error.invalidRequest("AllowedOrigin \"\(origin)\" can not have more than one wildcard.")
            }
            for header in rule.allowedHeaders ?? [] where header.filter({ $0 == "*" }).count > 1 {
                throw S3Error.invalidRequest("AllowedHeader \"\(header)\" can not have more than one wildcard.")
            }
        }
    }
}
