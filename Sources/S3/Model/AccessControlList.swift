import Foundation
import IAMPolicy
import SlipwayCore

/// An S3 access control list as stored: the owner of the bucket or object and its grants.
struct AccessControlList: Codable, Sendable, Hashable {
    var owner: AccountID
    var grants: [ACLGrant]

    /// The ACL every resource starts with: its owner has full control, alone.
    static func `private`(_ owner: AccountID) -> AccessControlList {
        AccessControlList(owner: owner, grants: [ACLGrant(grantee: .account(owner), permission: .fullControl)])
    }

    /// The ACL a canned name stands for, as S3 documents each one; nil for a name S3 does not know. `bucketOwner`
    /// is the owner of the bucket an object is written to (for `bucket-owner-read` / `-full-control`).
    static func canned(_ name: String, owner: AccountID, bucketOwner: AccountID) -> AccessControlList? {
        var acl = AccessControlList.private(owner)
        func add(_ grantee: ACLGrantee, _ permission: ACLPermission) { acl.grants.append(ACLGrant(grantee: grantee, permission: permission)) }
        switch name {
        case "private", "aws-exec-read": break
        case "public-read": add(.group(.allUsers), .read)
        case "public-read-write": add(.group(.allUsers), .read); add(.group(.allUsers), .write)
        case "authenticated-read": add(.group(.authenticatedUsers), .read)
        case "bucket-owner-read": if bucketOwner != owner { add(.account(bucketOwner), .read) }
        case "bucket-owner-full-control": if bucketOwner != owner { add(.account(bucketOwner), .fullControl) }
        case "log-delivery-write": add(.group(.logDelivery), .write); add(.group(.logDelivery), .readACP)
        default: return nil
        }
        return acl
    }

    /// Whether a grant reaches everyone or every signed-in caller (S3's definition of a public ACL).
    var isPublic: Bool {
        grants.contains { $0.grantee == .group(.allUsers) || $0.grantee == .group(.authenticatedUsers) }
    }

    /// Whether the list grants anything to anyone but its owner (what bucket-owner-enforced ownership forbids).
    var grantsOthers: Bool {
        grants.contains { $0.grantee != .account(owner) }
    }

    /// The grants as resource-policy statements over `resource` (a bucket's ARN or an object's), so the policy
    /// evaluator weighs them as S3 weighs ACLs; public grants are left out when `ignoringPublic` (IgnorePublicAcls).
    func statements(bucket: String, key: String?, ignoringPublic: Bool) -> [[String: Any]] {
        grants.compactMap { grant -> [String: Any]? in
            if ignoringPublic, grant.grantee == .group(.allUsers) || grant.grantee == .group(.authenticatedUsers) { return nil }
            let actions = key == nil ? grant.permission.bucketActions : grant.permission.objectActions
            guard !actions.isEmpty else { return nil }
            var statement: [String: Any] = ["Effect": "Allow", "Action": actions]
            // A bucket's WRITE grant is a grant to create and remove objects in it.
            statement["Resource"] = key.map { "arn:aws:s3:::\(bucket)/\($0)" }
                ?? (grant.permission == .write ? "arn:aws:s3:::\(bucket)/*" : ["arn:aws:s3:::\(bucket)", "arn:aws:s3:::\(bucket)/*"])
            switch grant.grantee {
            case .account(let account): statement["Principal"] = ["AWS": "arn:aws:iam::\(account.rawValue):root"]
            case .group(.allUsers): statement["Principal"] = "*"
            case .group(.authenticatedUsers):
                statement["Principal"] = "*"
                statement["Condition"] = ["Null": ["aws:PrincipalAccount": "false"]]
            case .group(.logDelivery): statement["Principal"] = ["Service": "logging.s3.amazonaws.com"]
            }
            return statement
        }
    }

    /// `base` with the statements of `extra` added (either may be absent), keeping `base`'s name.
    static func joined(_ base: AttachedPolicy?, _ extra: AttachedPolicy?) -> AttachedPolicy? {
        guard var joined = base else { return extra }
        joined.document.statements += extra?.document.statements ?? []
        return joined
    }

    /// A policy made of `statements` (ACL grants, a bucket policy's), for the evaluator; nil when there are none.
    static func policy(id: String, statements: [[String: Any]]) -> AttachedPolicy? {
        guard !statements.isEmpty,
              let data = try? JSONSerialization.data(withJSONObject: ["Version": "2012-10-17", "Statement": statements]),
              let document = try? PolicyDocument.parse(String(decoding: data, as: UTF8.self), kind: .resource)
        else { return nil }
        return AttachedPolicy(id: id, document: document)
    }
}

/// One grant of an access control list.
struct ACLGrant: Codable, Sendable, Hashable {
    var grantee: ACLGrantee
    var permission: ACLPermission
}

/// Who a grant is for: an account (shown by its canonical user id) or one of S3's predefined groups.
enum ACLGrantee: Codable, Sendable, Hashable {
    case account(AccountID)
    case group(ACLGroup)
}

/// S3's predefined grantee groups, named by their URIs.
enum ACLGroup: String, Codable, Sendable, CaseIterable {
    case allUsers = "http://acs.amazonaws.com/groups/global/AllUsers"
    case authenticatedUsers = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"
    case logDelivery = "http://acs.amazonaws.com/groups/s3/LogDelivery"
}

/// An ACL permission, and the policy actions S3 maps it to on buckets and on objects.
enum ACLPermission: String, Codable, Sendable, CaseIterable {
    case fullControl = "FULL_CONTROL"
    case read = "READ"
    case write = "WRITE"
    case readACP = "READ_ACP"
    case writeACP = "WRITE_ACP"

    var bucketActions: [String] {
        switch self {
        case .read: ["s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads"]
        case .write: ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
        case .readACP: ["s3:GetBucketAcl"]
        case .writeACP: ["s3:PutBucketAcl"]
        case .fullControl: Self.read.bucketActions + Self.write.bucketActions + Self.readACP.bucketActions + Self.writeACP.bucketActions
        }
    }

    var objectActions: [String] {
        switch self {
        case .read: ["s3:GetObject", "s3:GetObjectVersion"]
        case .write: []
        case .readACP: ["s3:GetObjectAcl", "s3:GetObjectVersionAcl"]
        case .writeACP: ["s3:PutObjectAcl", "s3:PutObjectVersionAcl"]
        case .fullControl: Self.read.objectActions + Self.readACP.objectActions + Self.writeACP.objectActions
        }
    }
}
