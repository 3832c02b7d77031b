import Foundation

/// Splits expression source into tokens following the rules of GitHub's expression lexer.
struct ExpressionLexer {
    /// GitHub rejects longer expressions; the cap also bounds the work hostile input can cause.
    static let maxLength = 21_000

    private let source: String
    // Unicode scalars rather than Characters: a combining mark after `'` must not fuse with the quote.
    private let scalars: [Unicode.Scalar]
    private var offset = 0
    private var tokens: [ExpressionToken] = []

    private init(_ source: String) {
        self.source = source
        scalars = Array(source.unicodeScalars)
    }

    static func tokenize(_ source: String) throws(ExpressionError) -> [ExpressionToken] {
        var lexer = ExpressionLexer(source)
        guard lexer.scalars.count <= maxLength else { throw .exceededMaxLength }
        try lexer.run()
        return lexer.tokens
    }

    private mutating func run() throws(ExpressionError) {
        while offset < scalars.count {
            let start = offset
            let c = scalars[offset]
            offset += 1
            switch c {
            case "(": add(.leftParen, from: start)
            case ")": add(.rightParen, from: start)
            case "[": add(.leftBracket, from: start)
            case "]": add(.rightBracket, from: start)
            case ",": add(.comma, from: start)
            case "*": add(.star, from: start)
            case ".":
                // A dot dereferences only after something that has members; elsewhere it starts a number like `.5`.
                switch tokens.last?.kind {
                case .identifier, .property, .rightBracket, .rightParen, .star: add(.dot, from: start)
                default: try number(from: start)
                }
            case "-", "+": try number(from: start)
            case "!": add(match("=") ? .notEqual : .not, from: start)
            case "<": add(match("=") ? .lessOrEqual : .less, from: start)
            case ">": add(match("=") ? .greaterOrEqual : .greater, from: start)
            case "=": if match("=") { add(.equal, from: start) } else { try word(from: start) }
            case "&": if match("&") { add(.and, from: start) } else { try word(from: start) }
            case "|": if match("|") { add(.or, from: start) } else { try word(from: start) }
            case "'": try string(from: start)
            default:
                if c.properties.isWhitespace { continue }
                if ("0"..."9").contains(c) { try number(from: start) } else { try word(from: start) }
            }
        }
    }

    private mutating func match(_ expected: Unicode.Scalar) -> Bool {
        guard offset < scalars.count, scalars[offset] == expected else { return false }
        offset += 1
        return true
    }

    private func text(from start: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<offset])
        return String(view)
    }

    private mutating func add(_ kind: ExpressionToken.Kind, from start: Int) {
        tokens.append(ExpressionToken(kind: kind, text: text(from: start), position: start + 1))
    }

    private func unexpected(from start: Int) -> ExpressionError {
        .located("Unexpected symbol", text(from: start), at: start + 1, in: source)
    }

    private mutating func number(from start: Int) throws(ExpressionError) {
        // Like GitHub, read up to the next boundary (dots included) and let number parsing decide validity.
        while offset < scalars.count, !Self.isBoundary(scalars[offset]) || scalars[offset] == "." { offset += 1 }
        let lexeme = text(from: start)
        let value = ExpressionValue.parseNumber(lexeme)
        guard !value.isNaN else { throw unexpected(from: start) }
        add(.literal(.number(value)), from: start)
    }

    private mutating func string(from start: Int) throws(ExpressionError) {
        var value = String.UnicodeScalarView()
        while offset < scalars.count {
            let c = scalars[offset]
            offset += 1
            if c != "'" {
                value.append(c)
            } else if offset < scalars.count, scalars[offset] == "'" {
                value.append("'")  // `''` is an escaped quote
                offset += 1
            } else {
                add(.literal(.string(String(value))), from: start)
                return
            }
        }
        throw unexpected(from: start)
    }

    private mutating func word(from start: Int) throws(ExpressionError) {
        while offset < scalars.count, !Self.isBoundary(scalars[offset]) { offset += 1 }
        let lexeme = text(from: start)
        guard Self.isLegalIdentifier(lexeme) else { throw unexpected(from: start) }
        if tokens.last?.kind == .dot {
            add(.property(lexeme), from: start)
            return
        }
        switch lexeme {
        case "true": add(.literal(.bool(true)), from: start)
        case "false": add(.literal(.bool(false)), from: start)
        case "null": add(.literal(.null), from: start)
        case "NaN": add(.literal(.number(.nan)), from: start)
        case "Infinity": add(.literal(.number(.infinity)), from: start)
        default: add(.identifier(lexeme), from: start)
        }
    }

    private static func isBoundary(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "(", "[", ")", "]", ",", ".", "!", ">", "<", "=", "&", "|": true
        default: c.properties.isWhitespace
        }
    }

    private static func isLegalIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCIILetter || first == "_" else { return false }
        return text.unicodeScalars.dropFirst().allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
