import Foundation
import SlipwayCore
import Wire

/// Who an ACL grant is for: a canonical user (by id) or a group (by URI), typed with `xsi:type` as S3 writes it.
struct GranteeShape: WireShape {
    var type: String?
    var id: String?
    var displayName: String?
    var uri: String?
    var emailAddress: String?
    static let bindings: [String: WireBinding] = [:]
    static let xmlAttributes: Set<String> = ["xsi:type"]
    enum CodingKeys: String, CodingKey { case type = "xsi:type", id = "ID", displayName = "DisplayName", uri = "URI", emailAddress = "EmailAddress" }
}

/// One grant of an access control list.
struct GrantShape: Codable, Sendable {
    var grantee: GranteeShape?
    var permission: String?
    enum CodingKeys: String, CodingKey { case grantee = "Grantee", permission = "Permission" }
}

/// `GetBucketAcl` / `GetObjectAcl`: the owner and the grants.
struct AccessControlPolicyOutput: WireShape {
    var owner: OwnerShape
    var grants: [GrantShape]
    var versionID: String?
    static let bindings: [String: WireBinding] = ["x-amz-version-id": .header("x-amz-version-id")]
    static let xmlRootName: String? = "AccessControlPolicy"
    static let xmlListMemberNames: [String: String] = ["AccessControlList": "Grant"]
    enum CodingKeys: String, CodingKey { case owner = "Owner", grants = "AccessControlList", versionID = "x-amz-version-id" }

    /// An ACL as S3 shows it: the owner's canonical id, and each grantee as a canonical user or a group.
    init(_ acl: AccessControlList) {
        owner = OwnerShape(displayName: nil, id: CanonicalUser.id(of: acl.owner))
        grants = acl.grants.map { grant in
            let grantee = switch grant.grantee {
            case .account(let account): GranteeShape(type: "CanonicalUser", id: CanonicalUser.id(of: account))
            case .group(let group): GranteeShape(type: "Group", uri: group.rawValue)
            }
            return GrantShape(grantee: grantee, permission: grant.permission.rawValue)
        }
    }
}

/// The `AccessControlPolicy` body of PutBucketAcl and PutObjectAcl.
struct AccessControlPolicyInput: WireShape {
    var owner: OwnerInputShape?
    var grants: [GrantShape]?
    static let xmlRootName: String? = "AccessControlPolicy"
    static let xmlListMemberNames: [String: String] = ["AccessControlList": "Grant"]
    enum CodingKeys: String, CodingKey { case owner = "Owner", grants = "AccessControlList" }
}

/// The owner a request body names; its id may be left out.
struct OwnerInputShape: Codable, Sendable {
    var id: String?
    var displayName: String?
    enum CodingKeys: String, CodingKey { case id = "ID", displayName = "DisplayName" }
}

/// `PutBucketAcl`'s input: the bucket and, instead of ACL headers, a body.
struct PutBucketACLInput: WireShape {
    var bucket: String
    var policy: AccessControlPolicyInput?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "AccessControlPolicy": .payload]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", policy = "AccessControlPolicy" }
}

/// `PutObjectAcl`'s input: the object, optionally its version, and instead of ACL headers, a body.
struct PutObjectACLInput: WireShape {
    var bucket: String
    var key: String
    var versionID: String?
    var policy: AccessControlPolicyInput?
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Key": .uri("Key+"), "versionId": .query("versionId"), "AccessControlPolicy": .payload,
    ]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", key = "Key", versionID = "versionId", policy = "AccessControlPolicy" }
}

/// `PutObjectAcl`'s answer: the version whose ACL was replaced, on versioned buckets.
struct PutObjectACLOutput: WireShape {
    var versionID: String?
    static let bindings: [String: WireBinding] = ["x-amz-version-id": .header("x-amz-version-id")]
    enum CodingKeys: String, CodingKey { case versionID = "x-amz-version-id" }
}

/// A bucket's ownership controls, as PutBucketOwnershipControls takes and GetBucketOwnershipControls answers them.
struct OwnershipControlsShape: WireShape {
    var rules: [OwnershipControlsRuleShape]?
    static let xmlRootName: String? = "OwnershipControls"
    static let xmlFlattenedLists: Set<String> = ["Rule"]
    enum CodingKeys: String, CodingKey { case rules = "Rule" }
}

/// One ownership-controls rule.
struct OwnershipControlsRuleShape: Codable, Sendable {
    var objectOwnership: String?
    enum CodingKeys: String, CodingKey { case objectOwnership = "ObjectOwnership" }
}

/// `PutBucketOwnershipControls`' input.
struct PutOwnershipControlsInput: WireShape {
    var bucket: String
    var controls: OwnershipControlsShape?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "OwnershipControls": .payload]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", controls = "OwnershipControls" }
}

/// `GetObjectAcl`'s input: the object and, optionally, its version.
struct ObjectACLInput: WireShape {
    var bucket: String
    var key: String
    var versionID: String?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "Key": .uri("Key+"), "versionId": .query("versionId")]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", key = "Key", versionID = "versionId" }
}
