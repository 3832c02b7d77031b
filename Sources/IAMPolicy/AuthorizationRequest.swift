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

    /// The request keys with the principal's keys written over them, as the policies see them.
    public var evaluationContext: ConditionContext { context.merging(principal.conditionKeys) }
}
