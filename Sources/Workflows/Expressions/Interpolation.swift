import Foundation

/// A piece of a workflow string: literal text, or the source of one `${{ }}` expression (trimmed, without braces).
enum TemplateSegment: Sendable, Equatable {
    case text(String)
    case expression(String)
}

/// Splits workflow strings into literal text and `${{ }}` expressions.
enum Interpolation {
    /// The segments of `text`. The end of an expression is the first `}}` outside a single-quoted string, so
    /// `${{ format('{{0}}', 1) }}` is one expression.
    static func segments(of text: String) throws(ExpressionError) -> [TemplateSegment] {
        let scalars = Array(text.unicodeScalars)
        var segments: [TemplateSegment] = []
        var literal = String.UnicodeScalarView()
        var offset = 0
        while offset < scalars.count {
            guard scalars[offset] == "$", offset + 2 < scalars.count, scalars[offset + 1] == "{", scalars[offset + 2] == "{" else {
                literal.append(scalars[offset])
                offset += 1
                continue
            }
            var end = offset + 3
            var inString = false
            while end < scalars.count {
                if scalars[end] == "'" {
                    inString.toggle()  // `''` toggles twice, which keeps an escaped quote inside the string
                } else if !inString, scalars[end] == "}", end + 1 < scalars.count, scalars[end + 1] == "}" {
                    break
                }
                end += 1
            }
            guard end < scalars.count else { throw .unclosedExpression }
            if !literal.isEmpty {
                segments.append(.text(String(literal)))
                literal = String.UnicodeScalarView()
            }
            segments.append(.expression(trimmed(scalars[(offset + 3)..<end])))
            offset = end + 2
        }
        if !literal.isEmpty { segments.append(.text(String(literal))) }
        return segments
    }

    /// The expression source when `text` is exactly one `${{ }}` (surrounding whitespace allowed), else nil.
    static func singleExpression(in text: String) throws(ExpressionError) -> String? {
        let expressions = try segments(of: text).filter {
            if case .text(let literal) = $0 { return !literal.unicodeScalars.allSatisfy(\.properties.isWhitespace) }
            return true
        }
        guard expressions.count == 1, case .expression(let source) = expressions[0] else { return nil }
        return source
    }

    /// Whether `text` holds any `${{`, i.e. whether it needs evaluating at all.
    static func containsExpression(_ text: String) -> Bool { text.contains("${{") }

    static func trimmed(_ scalars: some Collection<Unicode.Scalar>) -> String {
        var slice = String.UnicodeScalarView(scalars)[...]
        while let first = slice.first, first.properties.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.properties.isWhitespace { slice.removeLast() }
        return String(Substring(slice))
    }
}

extension ExpressionEvaluator {
    /// Replaces every `${{ expr }}` in `text` with the string form of its value; other text is kept verbatim.
    func interpolate(_ text: String) throws(ExpressionError) -> String {
        var output = ""
        for segment in try Interpolation.segments(of: text) {
            switch segment {
            case .text(let literal): output += literal
            case .expression(let source): output += try evaluate(source).stringValue
            }
        }
        return output
    }

    /// The value of a workflow value that may be an expression: when `text` is exactly one `${{ }}` its value is
    /// returned as is (so `strategy.matrix: ${{ fromJSON(…) }}` yields an object), otherwise the interpolated string.
    func evaluateTemplate(_ text: String) throws(ExpressionError) -> ExpressionValue {
        if let source = try Interpolation.singleExpression(in: text) { return try evaluate(source) }
        return .string(try interpolate(text))
    }
}
