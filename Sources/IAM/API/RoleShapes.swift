import Foundation

struct RoleShape: Codable, Sendable {
    var path: String
    var roleName: String
    var roleId: String
    var arn: String
    var createDate: Date
    var assumeRolePolicyDocument: String?
    var description: String?
    var maxSessionDuration: Int?
    var permissionsBoundary: AttachedPermissionsBoundaryShape?
    var tags: [TagShape]?

    init(_ role: RoleRecord, tags: [TagShape]? = nil) {
        path = role.path
        roleName = role.name
        roleId = role.id
        arn = role.arn
        createDate = role.created
        // IAM returns the trust policy URL-encoded; botocore decodes it back to a dict.
        assumeRolePolicyDocument = role.trustPolicy.addingPercentEncoding(withAllowedCharacters: .iamPolicyAllowed)
        description = role.description
        maxSessionDuration = role.maxSessionDuration
        permissionsBoundary = role.boundaryARN.map { AttachedPermissionsBoundaryShape(permissionsBoundaryArn: $0) }
        self.tags = (tags?.isEmpty ?? true) ? nil : tags
    }

    enum CodingKeys: String, CodingKey {
        case path = "Path", roleName = "RoleName", roleId = "RoleId", arn = "Arn", createDate = "CreateDate"
        case assumeRolePolicyDocument = "AssumeRolePolicyDocument", description = "Description"
        case maxSessionDuration = "MaxSessionDuration", permissionsBoundary = "PermissionsBoundary", tags = "Tags"
    }
}

extension CharacterSet {
    /// The characters IAM leaves unescaped when it URL-encodes policy documents.
    static let iamPolicyAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        set.insert(charactersIn: "-_.~*")
        return set
    }()
}

struct CreateRoleInput: Codable, Sendable {
    var path: String?
    var roleName: String
    var assumeRolePolicyDocument: String
    var description: String?
    var maxSessionDuration: Int?
    var permissionsBoundary: String?
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey {
        case path = "Path", roleName = "RoleName", assumeRolePolicyDocument = "AssumeRolePolicyDocument"
        case description = "Description", maxSessionDuration = "MaxSessionDuration"
        case permissionsBoundary = "PermissionsBoundary", tags = "Tags"
    }
}

struct RoleOutput: Codable, Sendable {
    var role: RoleShape
    enum CodingKeys: String, CodingKey { case role = "Role" }
}

struct RoleNameInput: Codable, Sendable {
    var roleName: String
    enum CodingKeys: String, CodingKey { case roleName = "RoleName" }
}

struct ListRolesOutput: Codable, Sendable {
    var roles: [RoleShape]
    var isTruncated: Bool
    var marker: String?
    enum CodingKeys: String, CodingKey { case roles = "Roles", isTruncated = "IsTruncated", marker = "Marker" }
}

struct UpdateRoleInput: Codable, Sendable {
    var roleName: String
    var description: String?
    var maxSessionDuration: Int?
    enum CodingKeys: String, CodingKey { case roleName = "RoleName", description = "Description", maxSessionDuration = "MaxSessionDuration" }
}

struct UpdateAssumeRolePolicyInput: Codable, Sendable {
    var roleName: String
    var policyDocument: String
    enum CodingKeys: String, CodingKey { case roleName = "RoleName", policyDocument = "PolicyDocument" }
}

struct PutBoundaryInput: Codable, Sendable {
    var userName: String?
    var roleName: String?
    var permissionsBoundary: String?
    enum CodingKeys: String, CodingKey { case userName = "UserName", roleName = "RoleName", permissionsBoundary = "PermissionsBoundary" }
}
