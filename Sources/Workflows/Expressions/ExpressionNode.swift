import Foundation

/// The syntax tree of a parsed expression; its depth is bounded by the parser, so walking it recursively is safe.
indirect enum ExpressionNode: Sendable, Equatable {
    case literal(ExpressionValue)
    /// A context such as `github`, stored lowercased because context names are case-insensitive.
    case namedValue(String)
    case access(ExpressionNode, ExpressionAccessor)
    case not(ExpressionNode)
    case comparison(ComparisonOperator, ExpressionNode, ExpressionNode)
    /// `a && b && c` kept flat: evaluation stops at the first falsy operand and yields it.
    case and([ExpressionNode])
    /// `a || b || c` kept flat: evaluation stops at the first truthy operand and yields it.
    case or([ExpressionNode])
    case call(ExpressionFunction, [ExpressionNode])
}

/// What follows a value in `a.b`, `a['b']`, `a[0]` or `a.*` / `a[*]`.
enum ExpressionAccessor: Sendable, Equatable {
    /// The object filter: every array element or object value, as an array.
    case star
    case key(ExpressionNode)
}

/// The comparison and equality operators, all of which compare with GitHub's loose coercion.
enum ComparisonOperator: Sendable, Equatable {
    case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
}
