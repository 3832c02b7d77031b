/// A `concurrency:` setting: the group name (raw, may be an expression) and whether a new run cancels a running one.
struct ConcurrencyDefinition: Sendable, Hashable {
    var group: String
    var cancelInProgress: BoolOrExpression = .value(false)
    /// `queue:` as written, when given.
    var queue: String?
}
