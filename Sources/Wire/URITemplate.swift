/// A path template of a REST operation, like "/{Bucket}/{Key+}?uploads" or "/2015-03-31/functions/{FunctionName}/invocations".
public struct URITemplate: Sendable, Hashable, CustomStringConvertible {
    /// One `/`-separated part of the template's path.
    enum Segment: Sendable, Hashable {
        case literal(String)
        /// A label, possibly with literal text around it inside the segment.
        case label(name: String, prefix: String, suffix: String)
        /// A greedy label (`{Key+}`): one or more segments, slashes included.
        case greedy(name: String, prefix: String)
    }

    /// A query item the template requires: `?uploads` (any value) or `?list-type=2`.
    struct QueryLiteral: Sendable, Hashable {
        let name: String
        let value: String?
    }

    /// The template as written.
    public let template: String
    let segments: [Segment]
    let queryLiterals: [QueryLiteral]
    private let hasGreedyLabel: Bool

    public init(_ template: String) {
        self.template = template
        let pathPart: Substring
        let queryPart: Substring?
        if let mark = template.firstIndex(of: "?") {
            pathPart = template[..<mark]
            queryPart = template[template.index(after: mark)...]
        } else {
            pathPart = template[...]
            queryPart = nil
        }
        segments = Self.splitPath(pathPart).map(Self.parseSegment)
        hasGreedyLabel = segments.contains { if case .greedy = $0 { true } else { false } }
        var literals: [QueryLiteral] = []
        if let queryPart {
            for item in queryPart.split(separator: "&", omittingEmptySubsequences: true) {
                let literal: QueryLiteral
                if let equals = item.firstIndex(of: "=") {
                    literal = QueryLiteral(
                        name: String(item[..<equals]),
                        value: String(item[item.index(after: equals)...])
                    )
                } else {
                    literal = QueryLiteral(name: String(item), value: nil)
                }
                // Newer SDKs add `x-id=Operation` to S3 templates; botocore does not send it, so it cannot be required.
                if literal.name != "x-id" { literals.append(literal) }
            }
        }
        queryLiterals = literals
    }

    public var description: String { template }

    /// Labels when `path` (percent-decoded) and the query match, nil otherwise.
    ///
    /// Required literal query keys in the template (like "?uploads" or "?list-type=2") must be present.
    /// Greedy labels keep their slashes, including a trailing one (the S3 key "folder/").
    public func match(path: String, queryItems: [(name: String, value: String)]) -> [String: String]? {
        for literal in queryLiterals {
            let present = queryItems.contains { item in
                item.name == literal.name && (literal.value == nil || item.value == literal.value)
            }
            if !present { return nil }
        }
        var parts = Self.splitPath(path[...])
        // A trailing slash ("/bucket/") addresses the same resource as "/bucket"; under a greedy label
        // it belongs to the value (the S3 key "folder/").
        if !hasGreedyLabel, parts.count > segments.count, parts.last?.isEmpty == true { parts.removeLast() }
        var labels: [String: String] = [:]
        var index = 0
        for (position, segment) in segments.enumerated() {
            switch segment {
            case .literal(let text):
                guard index < parts.count, parts[index] == text else { return nil }
                index += 1
            case .label(let name, let prefix, let suffix):
                guard index < parts.count,
                      let value = Self.strip(parts[index], prefix: prefix, suffix: suffix),
                      !value.isEmpty
                else { return nil }
                labels[name] = String(value)
                index += 1
            case .greedy(let name, let prefix):
                let remainingSegments = segments.count - position - 1
                let end = parts.count - remainingSegments
                guard end > index else { return nil }
                var value = parts[index..<end].joined(separator: "/")
                guard value.hasPrefix(prefix) else { return nil }
                value.removeFirst(prefix.count)
                guard !value.isEmpty else { return nil }
                labels[name] = value
                index = end
            }
        }
        return index == parts.count ? labels : nil
    }

    /// Higher for templates that constrain more, so a router can try more specific templates first.
    public var specificity: Int {
        var score = queryLiterals.count * 10_000
        for segment in segments {
            switch segment {
            case .literal: score += 100
            case .label: score += 10
            case .greedy: score += 1
            }
        }
        return score
    }

    /// The names of the template's labels, greedy ones without their `+`.
    public var labelNames: [String] {
        segments.compactMap { segment in
            switch segment {
            case .literal: nil
            case .label(let name, _, _), .greedy(let name, _): name
            }
        }
    }

    private static func splitPath(_ path: Substring) -> [Substring] {
        var trimmed = path
        if trimmed.first == "/" { trimmed = trimmed.dropFirst() }
        if trimmed.isEmpty { return [] }
        return trimmed.split(separator: "/", omittingEmptySubsequences: false)
    }

    private static func parseSegment(_ text: Substring) -> Segment {
        guard let open = text.firstIndex(of: "{"),
              let close = text[open...].firstIndex(of: "}")
        else { return .literal(String(text)) }
        var name = text[text.index(after: open)..<close]
        let prefix = String(text[..<open])
        let suffix = String(text[text.index(after: close)...])
        if name.hasSuffix("+") {
            name = name.dropLast()
            return .greedy(name: String(name), prefix: prefix)
        }
        return .label(name: String(name), prefix: prefix, suffix: suffix)
    }

    private static func strip(_ part: Substring, prefix: String, suffix: String) -> Substring? {
        guard part.hasPrefix(prefix), part.hasSuffix(suffix),
              part.count >= prefix.count + suffix.count
        else { return nil }
        return part.dropFirst(prefix.count).dropLast(suffix.count)
    }
}
