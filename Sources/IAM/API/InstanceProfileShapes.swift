import Foundation

struct InstanceProfileShape: Codable, Sendable {
    var path: String
    var instanceProfileName: String
    var instanceProfileId: String
    var arn: String
    var createDate: Date
    var roles: [RoleShape]
    var tags: [TagShape]?

    init(_ profile: InstanceProfileRecord, roles: [RoleRecord], tags: [TagShape]? = nil) {
        path = profile.path
        instanceProfileName = profile.name
        instanceProfileId = profile.id
        arn = profile.arn
        createDate = profile.created
        self.roles = roles.map { RoleShape($0) }
        self.tags = tags
    }

    enum CodingKeys: String, CodingKey {
        case path = "Path", instanceProfileName = "InstanceProfileName", instanceProfileId = "InstanceProfileId", arn = "Arn"
        case createDate = "CreateDate", roles = "Roles", tags = "Tags"
    }
}

struct CreateInstanceProfileInput: Codable, Sendable {
    var instanceProfileName: String
    var path: String?
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey { case instanceProfileName = "InstanceProfileName", path = "Path", tags = "Tags" }
}

struct InstanceProfileNameInput: Codable, Sendable {
    var instanceProfileName: String
    enum CodingKeys: String, CodingKey { case instanceProfileName = "InstanceProfileName" }
}

struct InstanceProfileOutput: Codable, Sendable {
    var instanceProfile: InstanceProfileShape
    enum CodingKeys: String, CodingKey { case instanceProfile = "InstanceProfile" }
}

struct InstanceProfileRoleInput: Codable, Sendable {
    var instanceProfileName: String
    var roleName: String
    enum CodingKeys: String, CodingKey { case instanceProfileName = "InstanceProfileName", roleName = "RoleName" }
}

struct ListInstanceProfilesForRoleInput: Codable, Sendable {
    var roleName: String
    var marker: String?
    var maxItems: Int?
    enum CodingKeys: String, CodingKey { case roleName = "RoleName", marker = "Marker", maxItems = "MaxItems" }
}

struct ListInstanceProfilesOutput: Codable, Sendable {
    var instanceProfiles: [InstanceProfileShape]
    var isTruncated: Bool
    var marker: String?
    enum CodingKeys: String, CodingKey { case instanceProfiles = "InstanceProfiles", isTruncated = "IsTruncated", marker = "Marker" }
}
