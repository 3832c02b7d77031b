/// One statement of a policy document: an effect on actions and resources, for principals, under conditions.
///
/// Each `Not` element is the complement of its positive twin; a statement carries at most one of
/// each pair. A `nil` element was absent from the document.
public struct PolicyStatement: Sendable, Hashable {
    /// Whether a matching statement grants or refuses.
    public enum Effect: String, Sendable, Hashable {
        case allow = "Allow"
        case deny = "Deny"
    }

    public var sid: String?
    public var effect: Effect
    public var principal: PrincipalSet?
    public var notPrincipal: PrincipalSet?
    public var action: [String]?
    public var notAction: [String]?
    public var resource: [String]?
    public var notResource: [String]?
    /// Every clause must hold for the statement to apply.
    public var conditions: [ConditionClause]

    public init(
        sid: String? = nil,
        effect: Effect,
        principal: PrincipalSet? = nil,
        notPrincipal: PrincipalSet? = nil,
        action: [String]? = nil,
        notAction: [String]? = nil,
        resource: [String]? = nil,
        notResource: [String]? = nil,
        conditions: [ConditionClause] = []
    ) {
        self.sid = sid
        self.effect = effect
        self.principal = principal
        self.notPrincipal = notPrincipal
        self.action = action
        self.notAction = notAction
        self.resource = resource
        self.notResource = notResource
        self.conditions = conditions
    }
}
