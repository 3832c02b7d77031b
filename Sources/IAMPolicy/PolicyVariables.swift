/// Replaces `${...}` policy variables in Resource and Condition values with request context values.
///
/// `${key}` takes the key's single value; `${key, 'default'}` falls back to the quoted text (`''`
/// for a quote); `${*}`, `${?}` and `${$}` stand for those characters taken literally. A key
/// that is absent or multivalued, with no default, leaves the value unresolved: it matches
/// nothing. Substitution is one pass; replaced text is never read again.
struct PolicyVariables {
    let context: ConditionContext
    /// False for documents older than 2012-10-17, whose `${` is plain text.
    let enabled: Bool

    /// The value as a wildcard pattern, or `nil` when a variable does not resolve.
    func pattern(_ text: String, caseInsensitive: Bool = false) -> WildcardPattern? {
        guard let pieces = pieces(of: text) else { return nil }
        var tokens: [WildcardPattern.Token] = []
        for piece in pieces {
            switch piece {
            case .policyText(let raw): tokens += WildcardPattern.tokens(wild: raw)
            case .substituted(let value): tokens += WildcardPattern.tokens(literal: value)
            }
        }
        return WildcardPattern(tokens: tokens, caseInsensitive: caseInsensitive)
    }

    /// The value with variables replaced, for exact comparisons, or `nil` when one does not resolve.
    func text(_ text: String) -> String? {
        guard let pieces = pieces(of: text) else { return nil }
        return pieces.map { piece in
            switch piece {
            case .policyText(let raw): raw
            case .substituted(let value): value
            }
        }.joined()
    }

    private enum Piece {
        case policyText(String)
        case substituted(String)
    }

    private func pieces(of text: String) -> [Piece]? {
        guard enabled, text.contains("${") else { return [.policyText(text)] }
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${") {
            pieces.append(.policyText(String(rest[..<start.lowerBound])))
            guard let end = closingBrace(in: rest[start.upperBound...]) else { return nil }
            guard let value = resolve(rest[start.upperBound..<end]) else { return nil }
            pieces.append(.substituted(value))
            rest = rest[rest.index(after: end)...]
        }
        pieces.append(.policyText(String(rest)))
        return pieces
    }

    /// The `}` that closes a variable, skipping any inside its quoted default.
    private func closingBrace(in text: Substring) -> Substring.Index? {
        var quoted = false
        for index in text.indices {
            switch text[index] {
            case "'": quoted.toggle()
            case "}" where !quoted: return index
            default: continue
            }
        }
        return nil
    }

    private func resolve(_ inner: Substring) -> String? {
        let body = inner.trimmingWhitespace()
        if body == "*" || body == "?" || body == "$" { return String(body) }
        var key = body
        var fallback: String?
        if let comma = body.firstIndex(of: ",") {
            key = body[..<comma].trimmingWhitespace()
            let quoted = body[body.index(after: comma)...].trimmingWhitespace()
            guard quoted.count >= 2, quoted.first == "'", quoted.last == "'" else { return nil }
            guard let text = Self.unquoted(quoted.dropFirst().dropLast()) else { return nil }
            fallback = text
        }
        guard !key.isEmpty, !key.contains(where: \.isWhitespace) else { return nil }
        if let values = context[String(key)], values.count == 1 { return values[0] }
        return fallback
    }

    /// A default's text: inside the quotes a quote is written twice, and a lone one is an error.
    private static func unquoted(_ inside: Substring) -> String? {
        var result = ""
        var index = inside.startIndex
        while index < inside.endIndex {
            let next = inside.index(after: index)
            if inside[index] == "'" {
                guard next < inside.endIndex, inside[next] == "'" else { return nil }
                result.append("'")
                index = inside.index(after: next)
            } else {
                result.append(inside[index])
                index = next
            }
        }
        return result
    }
}
