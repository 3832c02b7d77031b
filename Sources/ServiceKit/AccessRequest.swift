import IAMPolicy

/// What an operation asks the authorizer to allow: an action on a resource, with the service's own facts.
public struct AccessRequest: Sendable {
    /// The IAM action, e.g. `iam:CreateUser`.
    public var action: String
    /// The resource ARN, or `*` for actions without a resource.
    public var resource: String
    /// The account owning the resource; nil means the caller's account.
    public var resourceAccount: String?
    /// The resource's own policy (a bucket policy, a role's trust policy), if it has one.
    public var resourcePolicy: AttachedPolicy?
    /// Service-specific condition keys (`s3:prefix`, `aws:RequestTag/…`, `sts:ExternalId`).
    public var conditions: [String: [String]]

    public init(
        action: String, resource: String, resourceAccount: String? = nil,
        resourcePolicy: AttachedPolicy? = nil, conditions: [String: [String]] = [:]
    ) {
        self.action = action
        self.resource = resource
        self.resourceAccount = resourceAccount
        self.resourcePolicy = resourcePolicy
        self.conditions = conditions
    }
}
