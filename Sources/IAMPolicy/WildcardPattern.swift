/// A pattern where `*` matches any run of characters and `?` exactly one, as in Action, Resource and `...Like` values.
struct WildcardPattern: Sendable, Hashable {
    /// One element of a pattern; literals that came from a policy variable are never wild.
    enum Token: Sendable, Hashable {
        case literal(Unicode.Scalar)
        case anyRun
        case anyOne
    }

    let tokens: [Token]
    let caseInsensitive: Bool

    init(tokens: [Token], caseInsensitive: Bool = false) {
        self.caseInsensitive = caseInsensitive
        self.tokens = caseInsensitive ? tokens.map(Self.lowercased) : tokens
    }

    /// A pattern read from policy text with no variables in it.
    init(_ text: String, caseInsensitive: Bool = false) {
        self.init(tokens: Self.tokens(wild: text), caseInsensitive: caseInsensitive)
    }

    static func tokens(wild text: String) -> [Token] {
        text.unicodeScalars.map { scalar in
            switch scalar {
            case "*": .anyRun
            case "?": .anyOne
            default: .literal(scalar)
            }
        }
    }

    static func tokens(literal text: String) -> [Token] {
        text.unicodeScalars.map { .literal($0) }
    }

    private static func lowercased(_ token: Token) -> Token {
        guard case .literal(let scalar) = token else { return token }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? .literal(lower[lower.startIndex]) : token
    }

    func matches(_ value: String) -> Bool {
        let text = caseInsensitive ? value.lowercased() : value
        return Self.matches(tokens[...], Array(text.unicodeScalars)[...])
    }

    /// Greedy matching that backtracks to the last `*`; at worst proportional to pattern times value length.
    static func matches(_ pattern: ArraySlice<Token>, _ value: ArraySlice<Unicode.Scalar>) -> Bool {
        var p = pattern.startIndex
        var v = value.startIndex
        var star: (pattern: Int, value: Int)?
        while v < value.endIndex {
            if p < pattern.endIndex, pattern[p] == .anyOne || pattern[p] == .literal(value[v]) {
                p += 1
                v += 1
            } else if p < pattern.endIndex, pattern[p] == .anyRun {
                star = (p, v)
                p += 1
            } else if let last = star {
                star = (last.pattern, last.value + 1)
                p = last.pattern + 1
                v = last.value + 1
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == .anyRun { p += 1 }
        return p == pattern.endIndex
    }

    /// ARN matching: when the pattern has all six colon-separated parts, each part is matched on
    /// its own so a wildcard never runs across a colon (the sixth part keeps any further colons).
    func matchesARN(_ value: String) -> Bool {
        let text = caseInsensitive ? value.lowercased() : value
        let scalars = Array(text.unicodeScalars)
        let patternParts = Self.splitSixParts(tokens[...]) { $0 == .literal(":") }
        guard patternParts.count == 6 else { return Self.matches(tokens[...], scalars[...]) }
        let valueParts = Self.splitSixParts(scalars[...]) { $0 == ":" }
        guard valueParts.count == 6 else { return false }
        return zip(patternParts, valueParts).allSatisfy { Self.matches($0, $1) }
    }

    private static func splitSixParts<T>(_ items: ArraySlice<T>, isColon: (T) -> Bool) -> [ArraySlice<T>] {
        var parts: [ArraySlice<T>] = []
        var start = items.startIndex
        for index in items.indices where parts.count < 5 && isColon(items[index]) {
            parts.append(items[start..<index])
            start = index + 1
        }
        parts.append(items[start...])
        return parts
    }
}
