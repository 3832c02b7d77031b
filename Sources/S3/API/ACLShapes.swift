import Foundation
import SlipwayCore
import Wire

/// Who an ACL grant is for: a canonical user (by id) or a group (by URI), typed with `xsi:type` as S3 writes it.
struct GranteeShape: WireShape {
    var type: String
    var id: String?
    var displayName: String?
    var uri: String?
    static let bindings: [String: WireBinding] = [:]
    static let xmlAttributes: Set<String> = ["xsi:type"]
    enum CodingKeys: String, CodingKey { case type = "xsi:type", id = "ID", displayName = "DisplayName", uri = "URI" }
}

/// One grant of an access control list.
struct GrantShape: Codable, Sendable {
    var grantee: GranteeShape
    var permission: String
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

    /// ACLs disabled (S3's default since 2023, `BucketOwnerEnforced`): the bucket owner has full control, alone.
    static func ownerFullControl(_ account: AccountID) -> AccessControlPolicyOutput {
        let owner = CanonicalUser.id(of: account)
        return AccessControlPolicyOutput(
            owner: OwnerShape(displayName: nil, id: owner),
            grants: [GrantShape(grantee: GranteeShape(type: "CanonicalUser", id: owner), permission: "FULL_CONTROL")]
        )
    }
}

/// `GetObjectAcl`'s input: the object and, optionally, its version.
struct ObjectACLInput: WireShape {
    var bucket: String
    var key: String
    var versionID: String?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "Key": .uri("Key+"), "versionId": .query("versionId")]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", key = "Key", versionID = "versionId" }
}
