import Foundation

struct CreateModelPackageGroupInput: Codable, Sendable {
    var modelPackageGroupName: String
    var modelPackageGroupDescription: String?
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey {
        case modelPackageGroupName = "ModelPackageGroupName", modelPackageGroupDescription = "ModelPackageGroupDescription", tags = "Tags"
    }
}

struct ModelPackageGroupArnOutput: Codable, Sendable {
    var modelPackageGroupArn: String
    enum CodingKeys: String, CodingKey { case modelPackageGroupArn = "ModelPackageGroupArn" }
}

struct ModelPackageGroupNameInput: Codable, Sendable {
    var modelPackageGroupName: String
    enum CodingKeys: String, CodingKey { case modelPackageGroupName = "ModelPackageGroupName" }
}

struct DescribeModelPackageGroupOutput: Codable, Sendable {
    var modelPackageGroupName: String
    var modelPackageGroupArn: String
    var modelPackageGroupDescription: String?
    var creationTime: Date
    var createdBy: UserContextShape
    var modelPackageGroupStatus: String
    enum CodingKeys: String, CodingKey {
        case modelPackageGroupName = "ModelPackageGroupName", modelPackageGroupArn = "ModelPackageGroupArn"
        case modelPackageGroupDescription = "ModelPackageGroupDescription", creationTime = "CreationTime", createdBy = "CreatedBy"
        case modelPackageGroupStatus = "ModelPackageGroupStatus"
    }
}

struct ListModelPackageGroupsInput: Codable, Sendable {
    var creationTimeAfter: Date?
    var creationTimeBefore: Date?
    var maxResults: Int?
    var nameContains: String?
    var nextToken: String?
    var sortBy: String?
    var sortOrder: String?
    enum CodingKeys: String, CodingKey {
        case creationTimeAfter = "CreationTimeAfter", creationTimeBefore = "CreationTimeBefore", maxResults = "MaxResults"
        case nameContains = "NameContains", nextToken = "NextToken", sortBy = "SortBy", sortOrder = "SortOrder"
    }
}

struct ModelPackageGroupSummaryShape: Codable, Sendable {
    var modelPackageGroupName: String
    var modelPackageGroupArn: String
    var modelPackageGroupDescription: String?
    var creationTime: Date
    var modelPackageGroupStatus: String
    enum CodingKeys: String, CodingKey {
        case modelPackageGroupName = "ModelPackageGroupName", modelPackageGroupArn = "ModelPackageGroupArn"
        case modelPackageGroupDescription = "ModelPackageGroupDescription", creationTime = "CreationTime", modelPackageGroupStatus = "ModelPackageGroupStatus"
    }
}

struct ListModelPackageGroupsOutput: Codable, Sendable {
    var modelPackageGroupSummaryList: [ModelPackageGroupSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case modelPackageGroupSummaryList = "ModelPackageGroupSummaryList", nextToken = "NextToken" }
}
