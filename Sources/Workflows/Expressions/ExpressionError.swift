import Foundation

/// A failure to parse or evaluate a `${{ }}` expression, worded like GitHub's own messages so users recognise them.
struct ExpressionError: Error, Sendable, Equatable, CustomStringConvertible {
    let message: String

    init(_ message: String) { self.message = message }

    var description: String { message }

    /// GitHub's shape for errors tied to a token: `Description: 'token'. Located at position N within expression: …`.
    static func located(_ description: String, _ text: String, at position: Int, in expression: String) -> ExpressionError {
        ExpressionError("\(description): '\(text)'. Located at position \(position) within expression: \(expression)")
    }

    static func located(_ description: String, token: ExpressionToken, in expression: String) -> ExpressionError {
        located(description, token.text, at: token.position, in: expression)
    }

    static let expressionExpected = ExpressionError("An expression was expected")
    static let unclosedExpression = ExpressionError(
        "The expression is not closed. An unescaped ${{ sequence was found, but the closing }} sequence was not found.")
    static let exceededMaxDepth = ExpressionError("Exceeded max expression depth \(ExpressionParser.maxDepth)")
    static let exceededMaxLength = ExpressionError("Exceeded max expression length \(ExpressionLexer.maxLength)")
}
