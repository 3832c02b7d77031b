import Foundation

struct PolicyDetailShape: Codable, Sendable {
    var policyName: String
    var policyDocument: String
    enum CodingKeys: String, CodingKey { case policyName = "PolicyName", policyDocument = "PolicyDocument" }
}

struct UserDetailShape: Codable, Sendable {
    var path: String
    var userName: String
    var userId: String
    var arn: String
    var createDate: Date
    var userPolicyList: [PolicyDetailShape]
    var groupList: [String]
    var attachedManagedPolicies: [AttachedPolicyShape]
    var permissionsBoundary: AttachedPermissionsBoundaryShape?
    var tags: [TagShape]
    enum CodingKeys: String, CodingKey {
        case path = "Path", userName = "UserName", userId = "UserId", arn = "Arn", createDate = "CreateDate"
        case userPolicyList = "UserPolicyList", groupList = "GroupList", attachedManagedPolicies = "AttachedManagedPolicies"
        case permissionsBoundary = "PermissionsBoundary", tags = "Tags"
    }
}

struct GroupDetailShape: Codable, Sendable {
    var path: String
    var groupName: String
    var groupId: String
    var arn: String
    var createDate: Date
    var groupPolicyList: [PolicyDetailShape]
    var attachedManagedPolicies: [AttachedPolicyShape]
    enum CodingKeys: String, CodingKey {
        case path = "Path", groupName = "GroupName", groupId = "GroupId", arn = "Arn", createDate = "CreateDate"
        case groupPolicyList = "GroupPolicyList", attachedManagedPolicies = "AttachedManagedPolicies"
    }
}

struct RoleDetailShape: Codable, Sendable {
    var path: String
    var roleName: String
    var roleId: String
    var arn: String
    var createDate: Date
    var assumeRolePolicyDocument: String
    var instanceProfileList: [String]
    var rolePolicyList: [PolicyDetailShape]
    var attachedManagedPolicies: [AttachedPolicyShape]
    var permissionsBoundary: AttachedPermissionsBoundaryShape?
    var tags: [TagShape]
    enum CodingKeys: String, CodingKey {
        case path = "Path", roleName = "RoleName", roleId = "RoleId", arn = "Arn", createDate = "CreateDate"
        case assumeRolePolicyDocument = "AssumeRolePolicyDocument", instanceProfileList = "InstanceProfileList"
        case rolePolicyList = "RolePolicyList", attachedManagedPolicies = "AttachedManagedPolicies"
        case permissionsBoundary = "PermissionsBoundary", tags = "Tags"
    }
}

struct ManagedPolicyDetailShape: Codable, Sendable {
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
    var policyVersionList: [PolicyVersionShape]
    enum CodingKeys: String, CodingKey {
        case policyName = "PolicyName", policyId = "PolicyId", arn = "Arn", path = "Path", defaultVersionId = "DefaultVersionId"
        case attachmentCount = "AttachmentCount", permissionsBoundaryUsageCount = "PermissionsBoundaryUsageCount"
        case isAttachable = "IsAttachable", description = "Description", createDate = "CreateDate", updateDate = "UpdateDate"
        case policyVersionList = "PolicyVersionList"
    }
}

struct GetAccountAuthorizationDetailsInput: Codable, Sendable {
    var filter: [String]?
    var maxItems: Int?
    var marker: String?
    enum CodingKeys: String, CodingKey { case filter = "Filter", maxItems = "MaxItems", marker = "Marker" }
}

struct GetAccountAuthorizationDetailsOutput: Codable, Sendable {
    var userDetailList: [UserDetailShape]
    var groupDetailList: [GroupDetailShape]
    var roleDetailList: [RoleDetailShape]
    var policies: [ManagedPolicyDetailShape]
    var isTruncated: Bool
    var marker: String?
    enum CodingKeys: String, CodingKey {
        case userDetailList = "UserDetailList", groupDetailList = "GroupDetailList", roleDetailList = "RoleDetailList"
        case policies = "Policies", isTruncated = "IsTruncated", marker = "Marker"
    }
}

struct ContextEntryShape: Codable, Sendable {
    var contextKeyName: String?
    var contextKeyValues: [String]?
    var contextKeyType: String?
    enum CodingKeys: String, CodingKey { case contextKeyName = "ContextKeyName", contextKeyValues = "ContextKeyValues", contextKeyType = "ContextKeyType" }
}

struct SimulatePolicyInput: Codable, Sendable {
    var policySourceArn: String?
    var policyInputList: [String]?
    var permissionsBoundaryPolicyInputList: [String]?
    var actionNames: [String]
    var resourceArns: [String]?
    var resourcePolicy: String?
    var resourceOwner: String?
    var callerArn: String?
    var contextEntries: [ContextEntryShape]?
    var maxItems: Int?
    var marker: String?
    enum CodingKeys: String, CodingKey {
        case policySourceArn = "PolicySourceArn", policyInputList = "PolicyInputList"
        case permissionsBoundaryPolicyInputList = "PermissionsBoundaryPolicyInputList", actionNames = "ActionNames"
        case resourceArns = "ResourceArns", resourcePolicy = "ResourcePolicy", resourceOwner = "ResourceOwner"
        case callerArn = "CallerArn", contextEntries = "ContextEntries", maxItems = "MaxItems", marker = "Marker"
    }
}

struct StatementShape: Codable, Sendable {
    var sourcePolicyId: String?
    var sourcePolicyType: String?
    enum CodingKeys: String, CodingKey { case sourcePolicyId = "SourcePolicyId", sourcePolicyType = "SourcePolicyType" }
}

struct EvaluationResultShape: Codable, Sendable {
    var evalActionName: String
    var evalResourceName: String
    var evalDecision: String
    var matchedStatements: [StatementShape]
    var missingContextValues: [String]
    enum CodingKeys: String, CodingKey {
        case evalActionName = "EvalActionName", evalResourceName = "EvalResourceName", evalDecision = "EvalDecision"
        case matchedStatements = "MatchedStatements", missingContextValues = "MissingContextValues"
    }
}

struct SimulatePolicyOutput: Codable, Sendable {
    var evaluationResults: [EvaluationResultShape]
    var isTruncated: Bool
    var marker: String?
    enum CodingKeys: String, CodingKey { case evaluationResults = "EvaluationResults", isTruncated = "IsTruncated", marker = "Marker" }
}
