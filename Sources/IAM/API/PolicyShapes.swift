import Foundation

/// The entity an inline-policy or attachment call names: exactly one of user, group, role.
struct EntityPolicyInput: Codable, Sendable {
    var userName: String?
    var groupName: String?
    var roleName: String?
    var policyName: String?
    var policyDocument: String?
    var policyArn: String?
    var marker: String?
    var maxItems: Int?
    var pathPrefix: String?

    enum CodingKeys: String, CodingKey {
        case userName = "UserName", groupName = "GroupName", roleName = "RoleName", policyName = "PolicyName"
        case policyDocument = "PolicyDocument", policyArn = "PolicyArn", marker = "Marker", maxItems = "MaxItems"
        case pathPrefix = "PathPrefix"
    }

    /// The entity type and name; the operation's name says which member must be present.
    func entity(_ type: EntityType) throws -> String {
        let value: String? = switch type {
        case .user: userName
        case .group: groupName
        case .role: roleName
        case .policy, .instanceProfile: nil
        }
        guard let value else {
            throw IAMError.validation("1 validation error detected: Value null at '\(type.rawValue)Name' failed to satisfy constraint: Member must not be null")
        }
        return value
    }
}

struct GetInlinePolicyOutput: Codable, Sendable {
    var userName: String?
    var groupName: String?
    var roleName: String?
    var policyName: String
    var policyDocument: String
    enum CodingKeys: String, CodingKey {
        case userName = "UserName", groupName = "GroupName", roleName = "RoleName", policyName = "PolicyName", policyDocument = "PolicyDocument"
    }
}

struct ListInlinePoliciesOutput: Codable, Sendable {
    var policyNames: [String]
    var isTruncated: Bool
    var marker: String?
    enum CodingKeys: String, CodingKey { case policyNames = "PolicyNames", isTruncated = "IsTruncated", marker = "Marker" }
}

struct AttachedPolicyShape: Codable, Sendable {
    var policyName: String
    var policyArn: String
    enum CodingKeys: String, CodingKey { case policyName = "PolicyName", policyArn = "PolicyArn" }
}

struct ListAttachedPoliciesOutput: Codable, Sendable {
    var attachedPolicies: [AttachedPolicyShape]
    var isTruncated: Bool
    var marker: String?
    enum CodingKeys: String, CodingKey { case attachedPolicies = "AttachedPolicies", isTruncated = "IsTruncated", marker = "Marker" }
}

struct ManagedPolicyShape: Codable, Sendable {
    var policyName: String
    var policyId: String
    var arn: String
    var path: String
    var defaultVersionId: String
    var attachmentCount: Int
    var permissionsBoundaryUsageCount: Int
    var isAttachable: Bool
    var description: String?
    var createDate: Date
    var updateDate: Date
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey {
        case policyName = "PolicyName", policyId = "PolicyId", arn = "Arn", path = "Path", defaultVersionId = "DefaultVersionId"
        case attachmentCount = "AttachmentCount", permissionsBoundaryUsageCount = "PermissionsBoundaryUsageCount"
        case isAttachable = "IsAttachable", description = "Description", createDate = "CreateDate", updateDate = "UpdateDate", tags = "Tags"
    }
}

struct CreatePolicyInput: Codable, Sendable {
    var policyName: String
    var path: String?
    var policyDocument: String
    var description: String?
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey {
        case policyName = "PolicyName", path = "Path", policyDocument = "PolicyDocument", description = "Description", tags = "Tags"
    }
}

struct PolicyOutput: Codable, Sendable {
    var policy: ManagedPolicyShape
    enum CodingKeys: String, CodingKey { case policy = "Policy" }
}

struct PolicyArnInput: Codable, Sendable {
    var policyArn: String
    enum CodingKeys: String, CodingKey { case policyArn = "PolicyArn" }
}

struct ListPoliciesInput: Codable, Sendable {
    var scope: String?
    var onlyAttached: Bool?
    var pathPrefix: String?
    var marker: String?
    var maxItems: Int?
    enum CodingKeys: String, CodingKey {
        case scope = "Scope", onlyAttached = "OnlyAttached", pathPrefix = "PathPrefix", marker = "Marker", maxItems = "MaxItems"
    }
}

struct ListPoliciesOutput: Codable, Sendable {
    var policies: [ManagedPolicyShape]
    var isTruncated: Bool
    var marker: String?
    enum CodingKeys: String, CodingKey { case policies = "Policies", isTruncated = "IsTruncated", marker = "Marker" }
}

struct PolicyVersionShape: Codable, Sendable {
    var document: String?
    var versionId: String
    var isDefaultVersion: Bool
    var createDate: Date
    enum CodingKeys: String, CodingKey { case document = "Document", versionId = "VersionId", isDefaultVersion = "IsDefaultVersion", createDate = "CreateDate" }
}

struct CreatePolicyVersionInput: Codable, Sendable {
    var policyArn: String
    var policyDocument: String
    var setAsDefault: Bool?
    enum CodingKeys: String, CodingKey { case policyArn = "PolicyArn", policyDocument = "PolicyDocument", setAsDefault = "SetAsDefault" }
}

struct PolicyVersionInput: Codable, Sendable {
    var policyArn: String
    var versionId: String
    enum CodingKeys: String, CodingKey { case policyArn = "PolicyArn", versionId = "VersionId" }
}

struct PolicyVersionOutput: Codable, Sendable {
    var policyVersion: PolicyVersionShape
    enum CodingKeys: String, CodingKey { case policyVersion = "PolicyVersion" }
}

struct ListPolicyVersionsOutput: Codable, Sendable {
    var versions: [PolicyVersionShape]
    var isTruncated: Bool
    enum CodingKeys: String, CodingKey { case versions = "Versions", isTruncated = "IsTruncated" }
}

struct TagPolicyInput: Codable, Sendable {
    var policyArn: String
    var tags: [TagShape]
    enum CodingKeys: String, CodingKey { case policyArn = "PolicyArn", tags = "Tags" }
}

struct UntagPolicyInput: Codable, Sendable {
    var policyArn: String
    var tagKeys: [String]
    enum CodingKeys: String, CodingKey { case policyArn = "PolicyArn", tagKeys = "TagKeys" }
}
