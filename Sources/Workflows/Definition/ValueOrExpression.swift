/// A boolean setting that may also be written as a `${{ }}` expression (`continue-on-error`, `fail-fast`,
/// `cancel-in-progress`); the expression is kept raw for the evaluator.
enum BoolOrExpression: Sendable, Hashable {
    case value(Bool)
    case expression(String)
}

/// A numeric setting that may also be written as a `${{ }}` expression (`timeout-minutes`, `max-parallel`).
enum NumberOrExpression: Sendable, Hashable {
    case value(Double)
    case expression(String)
}
