/// One request to authorize: who asks to do what to which resource, with the request's condition keys.
public struct AuthorizationRequest: Sendable {
    public var principal: PrincipalContext
    /// Such as `iam:CreateUser`; matched without regard to case.
    public var action: String
    /// The resource's ARN, or `*` for actions that name no resource.
    public var resource: String
    /// The account that owns the resource; `nil` means the principal's own account.
    public var resourceAccount: String?
    /// Request keys; the evaluator adds the principal's own keys (`aws:username`, `aws:userid`,
    /// `aws:PrincipalArn`, `aws:PrincipalAccount`, `aws:PrincipalTag/*`, `aws:PrincipalType`).
    public var context: ConditionContext
    /// Whether the request's keys win over the principal's: only in a simulation, whose caller supplies the keys
    /// (`ContextEntries`) it wants the policies to see. A real request's principal keys are never overridden.
    public var requestKeysWin = false

    public init(
        principal: PrincipalContext,
        action: String,
        resource: String,
        resourceAccount: String? = nil,
        context: ConditionContext = ConditionContext()
    ) {
        self.principal = principal
        self.action = action
        self.resource = resource
        self.resourceAccount = resourceAccount
        self.context = context
    }

    /// The account whose resource is asked for.
    public var owningAccount: String? { resourceAccount ?? principal.account }

    /// The request keys with the principal's keys written over them (or under them, in a simulation), as the policies see them.
    public var evaluationContext: ConditionContext {
        requestKeysWin ? principal.conditionKeys.merging(context) : context.merging(principal.conditionKeys)
    }
}
