import Foundation
import IAMPolicy
import Provisioning
import SlipwayCore

/// Who made a request, as authentication established it.
public struct Principal: Sendable {
    /// The kinds of identity a request can carry.
    public enum Kind: Sendable, Hashable {
        case root
        case user(name: String)
        case assumedRole(roleName: String, roleARN: String, sessionName: String)
        /// A `GetSessionToken` session of a user or the root user (`federatedOf` names it).
        case userSession(of: String)
        case service(String)
        case anonymous
    }

    public var kind: Kind
    public var arn: String
    public var account: AccountID?
    /// The `aws:userid` value (`AIDA…`, `AROA…:session`, the account id for root).
    public var userID: String
    public var accessKeyID: String?
    public var tags: [String: String]
    /// Policies passed to `AssumeRole`; nil when none were passed.
    public var sessionPolicies: [AttachedPolicy]?
    /// When temporary credentials were issued (`aws:TokenIssueTime`); nil for long-term keys.
    public var tokenIssueTime: Date?
    /// The service a role session was issued to for its own use (CloudFormation's stack role, SageMaker's launch
    /// role); such a session acts as itself, not on a caller's behalf.
    public var actingService: String?

    public init(
        kind: Kind, arn: String, account: AccountID?, userID: String, accessKeyID: String? = nil,
        tags: [String: String] = [:], sessionPolicies: [AttachedPolicy]? = nil
    ) {
        self.kind = kind
        self.arn = arn
        self.account = account
        self.userID = userID
        self.accessKeyID = accessKeyID
        self.tags = tags
        self.sessionPolicies = sessionPolicies
    }

    /// The unauthenticated caller.
    public static let anonymous = Principal(kind: .anonymous, arn: "*", account: nil, userID: "anonymous")

    /// The same principal as the policy evaluator sees it.
    public var policyContext: PrincipalContext {
        let evaluatorKind: PrincipalContext.Kind
        var username: String?
        switch kind {
        case .root: evaluatorKind = .root
        case .user(let name):
            evaluatorKind = .user
            username = name
        case .userSession(let name):
            evaluatorKind = .user
            username = name
        case .assumedRole(_, let roleARN, let sessionName):
            evaluatorKind = .assumedRole(roleARN: roleARN, sessionName: sessionName)
        case .service(let name): evaluatorKind = .service(name)
        case .anonymous: evaluatorKind = .anonymous
        }
        return PrincipalContext(
            kind: evaluatorKind, arn: arn, account: account?.rawValue, userID: userID,
            username: username, tags: tags
        )
    }
}

/// A stack acts as a principal: its role's session, or the caller when the stack has no role.
extension Principal: ProvisioningIdentity {}
