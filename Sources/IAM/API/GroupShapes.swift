import Foundation

struct GroupShape: Codable, Sendable {
    var path: String
    var groupName: String
    var groupId: String
    var arn: String
    var createDate: Date

    init(_ group: GroupRecord) {
        path = group.path
        groupName = group.name
        groupId = group.id
        arn = group.arn
        createDate = group.created
    }

    enum CodingKeys: String, CodingKey {
        case path = "Path", groupName = "GroupName", groupId = "GroupId", arn = "Arn", createDate = "CreateDate"
    }
}

struct CreateGroupInput: Codable, Sendable {
    var path: String?
    var groupName: String
    enum CodingKeys: String, CodingKey { case path = "Path", groupName = "GroupName" }
}

struct GroupOutput: Codable, Sendable {
    var group: GroupShape
    enum CodingKeys: String, CodingKey { case group = "Group" }
}

struct GetGroupInput: Codable, Sendable {
    var groupName: String
    var marker: String?
    var maxItems: Int?
    enum CodingKeys: String, CodingKey { case groupName = "GroupName", marker = "Marker", maxItems = "MaxItems" }
}

struct GetGroupOutput: Codable, Sendable {
    var group: GroupShape
    var users: [UserShape]
    var isTruncated: Bool
    var marker: String?
    enum CodingKeys: String, CodingKey { case group = "Group", users = "Users", isTruncated = "IsTruncated", marker = "Marker" }
}

struct ListGroupsOutput: Codable, Sendable {
    var groups: [GroupShape]
    var isTruncated: Bool
    var marker: String?
    enum CodingKeys: String, CodingKey { case groups = "Groups", isTruncated = "IsTruncated", marker = "Marker" }
}

struct GroupMembershipInput: Codable, Sendable {
    var groupName: String
    var userName: String
    enum CodingKeys: String, CodingKey { case groupName = "GroupName", userName = "UserName" }
}

struct ListGroupsForUserInput: Codable, Sendable {
    var userName: String
    var marker: String?
    var maxItems: Int?
    enum CodingKeys: String, CodingKey { case userName = "UserName", marker = "Marker", maxItems = "MaxItems" }
}
