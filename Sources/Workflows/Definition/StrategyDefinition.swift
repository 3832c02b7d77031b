/// A job's `strategy:`: the matrix as written (expanded later by `MatrixExpansion`), `fail-fast` and `max-parallel`.
struct StrategyDefinition: Sendable, Hashable {
    /// The matrix: an object whose values may hold `${{ }}` strings (including `include`/`exclude`), or one
    /// expression string for the whole matrix; nil without a matrix.
    var matrix: ExpressionValue?
    /// The matrix keys in file order: vectors first, then keys first seen in `include` entries. `ExpressionValue`
    /// objects do not keep order, so expansion takes this list.
    var matrixKeyOrder: [String] = []
    var failFast: BoolOrExpression = .value(true)
    var maxParallel: NumberOrExpression?
}
