import Foundation
import SlipwayCore

/// An IAM user as stored.
struct UserRecord: Sendable, Hashable {
    var account: AccountID
    var name: String
    var id: String
    var path: String
    var created: Date
    var boundaryARN: String?

    var arn: String { "arn:aws:iam::\(account):user\(path)\(name)" }
}

/// An IAM group as stored.
struct GroupRecord: Sendable, Hashable {
    var account: AccountID
    var name: String
    var id: String
    var path: String
    var created: Date

    var arn: String { "arn:aws:iam::\(account):group\(path)\(name)" }
}

/// An IAM role as stored.
struct RoleRecord: Sendable, Hashable {
    var account: AccountID
    var name: String
    var id: String
    var path: String
    var trustPolicy: String
    var description: String?
    var maxSessionDuration: Int
    var created: Date
    var boundaryARN: String?

    var arn: String { "arn:aws:iam::\(account):role\(path)\(name)" }
}

/// Whether an access key may sign.
enum AccessKeyStatus: String, Sendable, Codable {
    case active = "Active"
    case inactive = "Inactive"
}

/// A long-term access key of a user, or of the account root when `userName` is nil.
struct AccessKeyRecord: Sendable, Hashable {
    var id: String
    var account: AccountID
    var userName: String?
    var secret: String
    var status: AccessKeyStatus
    var created: Date
}

/// A customer managed policy (or an AWS managed one, whose account is `aws`).
struct ManagedPolicyRecord: Sendable, Hashable {
    var arn: String
    var account: String
    var name: String
    var id: String
    var path: String
    var description: String?
    var defaultVersion: String
    var nextVersion: Int
    var created: Date
    var updated: Date
}

/// One version of a managed policy.
struct PolicyVersionRecord: Sendable, Hashable {
    var policyARN: String
    var versionID: String
    var document: String
    var created: Date
}

/// The kinds of IAM entity that policies attach to and tags hang on.
/// An instance profile: the container that carries one role to an instance.
struct InstanceProfileRecord: Sendable, Hashable {
    var account: AccountID
    var name: String
    var id: String
    var path: String
    var created: Date

    var arn: String { "arn:aws:iam::\(account):instance-profile\(path)\(name)" }
}

enum EntityType: String, Sendable {
    case user, group, role, policy
    case instanceProfile = "instance-profile"
}

/// Temporary credentials issued by STS, with the principal they stand for.
struct SessionRecord: Sendable {
    var accessKeyID: String
    var account: AccountID
    var secret: String
    var token: String
    var principal: StoredSessionPrincipal
    var expires: Date
}

/// The part of a session's principal that is persisted as JSON.
struct StoredSessionPrincipal: Codable, Sendable {
    enum Kind: String, Codable, Sendable { case role, user, root }
    var kind: Kind
    var arn: String
    var userID: String
    var roleName: String?
    var roleARN: String?
    var sessionName: String?
    var userName: String?
    var sessionPolicies: [String]?
    var sessionPolicyARNs: [String]?
    var tags: [String: String]
    /// When the credentials were issued (`aws:TokenIssueTime`); absent in sessions stored before it was kept.
    var issuedAt: Date? = nil
}
