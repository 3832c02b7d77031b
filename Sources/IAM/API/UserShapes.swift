import Foundation

/// `User` as IAM returns it.
struct UserShape: Codable, Sendable {
    var path: String
    var userName: String
    var userId: String
    var arn: String
    var createDate: Date
    var permissionsBoundary: AttachedPermissionsBoundaryShape?
    var tags: [TagShape]?

    init(_ user: UserRecord, tags: [TagShape]? = nil) {
        path = user.path
        userName = user.name
        userId = user.id
        arn = user.arn
        createDate = user.created
        permissionsBoundary = user.boundaryARN.map { AttachedPermissionsBoundaryShape(permissionsBoundaryArn: $0) }
        self.tags = (tags?.isEmpty ?? true) ? nil : tags
    }

    enum CodingKeys: String, CodingKey {
        case path = "Path", userName = "UserName", userId = "UserId", arn = "Arn", createDate = "CreateDate"
        case permissionsBoundary = "PermissionsBoundary", tags = "Tags"
    }
}

struct CreateUserInput: Codable, Sendable {
    var path: String?
    var userName: String
    var permissionsBoundary: String?
    var tags: [TagShape]?

    enum CodingKeys: String, CodingKey {
        case path = "Path", userName = "UserName", permissionsBoundary = "PermissionsBoundary", tags = "Tags"
    }
}

struct UserOutput: Codable, Sendable {
    var user: UserShape
    enum CodingKeys: String, CodingKey { case user = "User" }
}

struct UserNameInput: Codable, Sendable {
    var userName: String
    enum CodingKeys: String, CodingKey { case userName = "UserName" }
}

struct OptionalUserNameInput: Codable, Sendable {
    var userName: String?
    enum CodingKeys: String, CodingKey { case userName = "UserName" }
}

struct UpdateUserInput: Codable, Sendable {
    var userName: String
    var newPath: String?
    var newUserName: String?
    enum CodingKeys: String, CodingKey { case userName = "UserName", newPath = "NewPath", newUserName = "NewUserName" }
}

struct ListInput: Codable, Sendable {
    var pathPrefix: String?
    var marker: String?
    var maxItems: Int?
    enum CodingKeys: String, CodingKey { case pathPrefix = "PathPrefix", marker = "Marker", maxItems = "MaxItems" }
}

struct ListUsersOutput: Codable, Sendable {
    var users: [UserShape]
    var isTruncated: Bool
    var marker: String?
    enum CodingKeys: String, CodingKey { case users = "Users", isTruncated = "IsTruncated", marker = "Marker" }
}

struct ListTagsOutput: Codable, Sendable {
    var tags: [TagShape]
    var isTruncated: Bool
    enum CodingKeys: String, CodingKey { case tags = "Tags", isTruncated = "IsTruncated" }
}
