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

extension AccessRequest {
    /// The request with `aws:RequestTag/<key>` for each tag it attaches and `aws:TagKeys` for the keys it attaches or
    /// removes (`keys`, when it removes them), as every service that takes tags sets them.
    public func requestingTags(_ tags: [(key: String, value: String)], keys: [String]? = nil) -> AccessRequest {
        var tagged = self
        for tag in tags { tagged.conditions["aws:RequestTag/\(tag.key)"] = [tag.value] }
        let allKeys = keys ?? tags.map(\.key)
        if !allKeys.isEmpty { tagged.conditions["aws:TagKeys"] = allKeys }
        return tagged
    }

    /// The request with `aws:ResourceTag/<key>` for each tag the resource carries, and `<servicePrefix>:ResourceTag/<key>`
    /// too for services that define their own (`secretsmanager`, `iam`).
    public func onResourceTagged(_ tags: [(key: String, value: String)], servicePrefix: String? = nil) -> AccessRequest {
        var tagged = self
        for tag in tags {
            tagged.conditions["aws:ResourceTag/\(tag.key)"] = [tag.value]
            if let servicePrefix { tagged.conditions["\(servicePrefix):ResourceTag/\(tag.key)"] = [tag.value] }
        }
        return tagged
    }
}

extension AccessRequest {
    /// `requestingTags` for tags kept as a map (CodeCommit's), in key order.
    public func requestingTags(_ tags: [String: String]) -> AccessRequest {
        requestingTags(tags.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// `onResourceTagged` for tags kept as a map, in key order.
    public func onResourceTagged(_ tags: [String: String], servicePrefix: String? = nil) -> AccessRequest {
        onResourceTagged(tags.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, servicePrefix: servicePrefix)
    }
}

extension AccessRequest {
    /// The request with `keys` added to its condition keys (a key given twice takes the new values).
    public func withConditions(_ keys: [String: [String]]) -> AccessRequest {
        var extended = self
        extended.conditions.merge(keys) { _, new in new }
        return extended
    }
}
