/// Every policy that bears on one request.
public struct PolicySet: Sendable {
    /// The user's own, group and attached managed policies; or the role's, for a session.
    public var identity: [AttachedPolicy]
    /// The bucket policy, trust policy, key policy… of the resource asked for.
    public var resource: AttachedPolicy?
    /// `nil` when no session policy was passed; an empty array never happens.
    public var sessionPolicies: [AttachedPolicy]?
    public var permissionsBoundary: AttachedPolicy?
    private var requirementOverride: Bool?

    public init(
        identity: [AttachedPolicy] = [],
        resource: AttachedPolicy? = nil,
        sessionPolicies: [AttachedPolicy]? = nil,
        permissionsBoundary: AttachedPolicy? = nil,
        resourcePolicyRequired: Bool? = nil
    ) {
        self.identity = identity
        self.resource = resource
        self.sessionPolicies = sessionPolicies
        self.permissionsBoundary = permissionsBoundary
        requirementOverride = resourcePolicyRequired
    }

    /// Whether the resource policy must itself allow the request, as a role trust policy or a KMS
    /// key policy must. Unless set, true exactly when the resource policy is a trust policy, so
    /// it follows `resource` when that is assigned later.
    public var resourcePolicyRequired: Bool {
        get { requirementOverride ?? (resource?.document.kind == .trust) }
        set { requirementOverride = newValue }
    }
}
