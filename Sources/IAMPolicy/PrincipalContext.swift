/// Who is asking: the authenticated principal as the policies see it.
public struct PrincipalContext: Sendable, Hashable {
    /// What sort of principal made the request.
    public enum Kind: Sendable, Hashable {
        case root
        case user
        case assumedRole(roleARN: String, sessionName: String)
        /// An AWS service principal such as `sagemaker.amazonaws.com`.
        case service(String)
        case anonymous
    }

    public var kind: Kind
    /// `arn:aws:iam::123456789012:user/alice`, `…:root`, `arn:aws:sts::123456789012:assumed-role/R/S`,
    /// the service name for a service, or `*` for anonymous.
    public var arn: String
    /// `nil` for anonymous and service principals.
    public var account: String?
    /// `aws:userid`: `AIDA…` for a user, `AROA…:session` for a role session, the account for root.
    public var userID: String
    /// `aws:username`, for users only.
    public var username: String?
    /// `aws:PrincipalTag/*`.
    public var tags: [String: String]

    public init(
        kind: Kind,
        arn: String,
        account: String?,
        userID: String,
        username: String? = nil,
        tags: [String: String] = [:]
    ) {
        self.kind = kind
        self.arn = arn
        self.account = account
        self.userID = userID
        self.username = username
        self.tags = tags
    }

    /// The root user of `account`.
    public static func root(account: String) -> PrincipalContext {
        PrincipalContext(kind: .root, arn: "arn:aws:iam::\(account):root", account: account, userID: account)
    }

    /// An IAM user; `path` is the user's path such as `/` or `/engineering/`.
    public static func user(
        account: String, name: String, userID: String, path: String = "/", tags: [String: String] = [:]
    ) -> PrincipalContext {
        PrincipalContext(
            kind: .user, arn: "arn:aws:iam::\(account):user\(path)\(name)", account: account,
            userID: userID, username: name, tags: tags
        )
    }

    /// A session of a role; `roleID` is the role's `AROA…` unique ID.
    public static func assumedRole(
        account: String, roleName: String, sessionName: String, roleID: String, path: String = "/",
        tags: [String: String] = [:]
    ) -> PrincipalContext {
        PrincipalContext(
            kind: .assumedRole(roleARN: "arn:aws:iam::\(account):role\(path)\(roleName)", sessionName: sessionName),
            arn: "arn:aws:sts::\(account):assumed-role/\(roleName)/\(sessionName)", account: account,
            userID: "\(roleID):\(sessionName)", tags: tags
        )
    }

    /// An AWS service acting on its own behalf.
    public static func service(_ name: String) -> PrincipalContext {
        PrincipalContext(kind: .service(name), arn: name, account: nil, userID: name)
    }

    /// A request that carried no credentials.
    public static let anonymous = PrincipalContext(kind: .anonymous, arn: "*", account: nil, userID: "anonymous")

    /// The role a session belongs to, for role sessions.
    public var roleARN: String? {
        if case .assumedRole(let roleARN, _) = kind { roleARN } else { nil }
    }

    /// The `aws:PrincipalType` value AWS reports for this principal.
    public var principalType: String {
        switch kind {
        case .root: "Account"
        case .user: "User"
        case .assumedRole: "AssumedRole"
        case .service: "Service"
        case .anonymous: "Anonymous"
        }
    }

    /// The keys AWS adds to every request context from the principal.
    public var conditionKeys: ConditionContext {
        var keys = ConditionContext()
        keys.set("aws:PrincipalType", principalType)
        keys.set("aws:userid", userID)
        switch kind {
        case .service(let name):
            keys.set("aws:PrincipalServiceName", name)
            keys.set("aws:PrincipalIsAWSService", "true")
        case .anonymous:
            keys.set("aws:PrincipalIsAWSService", "false")
        case .root, .user, .assumedRole:
            keys.set("aws:PrincipalIsAWSService", "false")
            // For a role session aws:PrincipalArn is the role's ARN, not the session's.
            keys.set("aws:PrincipalArn", roleARN ?? arn)
        }
        if let account { keys.set("aws:PrincipalAccount", account) }
        if let username { keys.set("aws:username", username) }
        for (tag, value) in tags { keys.set("aws:PrincipalTag/\(tag)", value) }
        return keys
    }
}
