import Foundation

struct AccessKeyShape: Codable, Sendable {
    var userName: String?
    var accessKeyId: String
    var status: String
    var secretAccessKey: String
    var createDate: Date
    enum CodingKeys: String, CodingKey {
        case userName = "UserName", accessKeyId = "AccessKeyId", status = "Status"
        case secretAccessKey = "SecretAccessKey", createDate = "CreateDate"
    }
}

struct CreateAccessKeyOutput: Codable, Sendable {
    var accessKey: AccessKeyShape
    enum CodingKeys: String, CodingKey { case accessKey = "AccessKey" }
}

struct AccessKeyMetadataShape: Codable, Sendable {
    var userName: String?
    var accessKeyId: String
    var status: String
    var createDate: Date
    enum CodingKeys: String, CodingKey {
        case userName = "UserName", accessKeyId = "AccessKeyId", status = "Status", createDate = "CreateDate"
    }
}

struct ListAccessKeysInput: Codable, Sendable {
    var userName: String?
    var marker: String?
    var maxItems: Int?
    enum CodingKeys: String, CodingKey { case userName = "UserName", marker = "Marker", maxItems = "MaxItems" }
}

struct ListAccessKeysOutput: Codable, Sendable {
    var accessKeyMetadata: [AccessKeyMetadataShape]
    var isTruncated: Bool
    var marker: String?
    enum CodingKeys: String, CodingKey { case accessKeyMetadata = "AccessKeyMetadata", isTruncated = "IsTruncated", marker = "Marker" }
}

struct UpdateAccessKeyInput: Codable, Sendable {
    var userName: String?
    var accessKeyId: String
    var status: String
    enum CodingKeys: String, CodingKey { case userName = "UserName", accessKeyId = "AccessKeyId", status = "Status" }
}

struct DeleteAccessKeyInput: Codable, Sendable {
    var userName: String?
    var accessKeyId: String
    enum CodingKeys: String, CodingKey { case userName = "UserName", accessKeyId = "AccessKeyId" }
}
