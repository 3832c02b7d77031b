import Foundation

/// One lexical unit of an expression, remembering its source text and 1-based position for error messages.
struct ExpressionToken: Sendable, Equatable {
    /// What a token is; literals are decoded by the lexer so the parser never re-reads source text.
    enum Kind: Sendable, Hashable {
        case leftParen, rightParen, leftBracket, rightBracket, comma, dot, star
        case not, equal, notEqual, less, lessOrEqual, greater, greaterOrEqual, and, or
        case literal(ExpressionValue)
        /// A name not preceded by a dot: a named value, or a function when `(` follows.
        case identifier(String)
        /// A name right after a dot: a property, never a keyword (`a.null` is the member `null`).
        case property(String)
    }

    let kind: Kind
    let text: String
    let position: Int
}
