/// One test of a `Condition` block: an operator applied to one context key and the policy's values for it.
///
/// A block such as `{"StringEquals": {"k1": "a", "k2": ["b", "c"]}}` becomes one clause per key;
/// the clauses of a statement must all hold, and the values of one clause are alternatives.
public struct ConditionClause: Sendable, Hashable {
    public var condition: ConditionOperator
    /// The context key as written; keys are compared without regard to case.
    public var key: String
    /// The policy's values, numbers and booleans kept in their JSON text.
    public var values: [String]

    public init(condition: ConditionOperator, key: String, values: [String]) {
        self.condition = condition
        self.key = key
        self.values = values
    }
}
