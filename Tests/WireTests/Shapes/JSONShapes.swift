import Foundation
import SlipwayCore
import Wire

// Shapes of SageMaker, Secrets Manager, EventBridge and SQS operations (JSON 1.1 and 1.0).

struct UserSettings: Codable, Equatable {
    var executionRole: String?
    var securityGroups: [String]?

    enum CodingKeys: String, CodingKey { case executionRole = "ExecutionRole", securityGroups = "SecurityGroups" }
}

struct CreateDomainInput: Codable, Equatable {
    var domainName: String
    var authMode: String
    var defaultUserSettings: UserSettings
    var subnetIds: [String]
    var vpcId: String
    var tags: [Tag]?

    enum CodingKeys: String, CodingKey {
        case domainName = "DomainName", authMode = "AuthMode", defaultUserSettings = "DefaultUserSettings"
        case subnetIds = "SubnetIds", vpcId = "VpcId", tags = "Tags"
    }
}

struct CreateDomainOutput: Codable, Equatable {
    var domainArn: String?
    var domainId: String?
    var url: String?

    enum CodingKeys: String, CodingKey { case domainArn = "DomainArn", domainId = "DomainId", url = "Url" }
}

struct DescribeDomainOutput: Codable, Equatable {
    var domainArn: String
    var domainId: String
    var domainName: String
    var status: String
    var creationTime: Date
    var lastModifiedTime: Date?
    var defaultUserSettings: UserSettings?
    var subnetIds: [String]?

    enum CodingKeys: String, CodingKey {
        case domainArn = "DomainArn", domainId = "DomainId", domainName = "DomainName", status = "Status"
        case creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime"
        case defaultUserSettings = "DefaultUserSettings", subnetIds = "SubnetIds"
    }
}

struct ListProjectsInput: Codable, Equatable {
    var creationTimeAfter: Date?
    var creationTimeBefore: Date?
    var maxResults: Int?
    var nextToken: String?
    var sortBy: String?
    var sortOrder: String?

    enum CodingKeys: String, CodingKey {
        case creationTimeAfter = "CreationTimeAfter", creationTimeBefore = "CreationTimeBefore"
        case maxResults = "MaxResults", nextToken = "NextToken", sortBy = "SortBy", sortOrder = "SortOrder"
    }
}

struct ProjectSummary: Codable, Equatable {
    var projectName: String
    var projectArn: String
    var projectId: String
    var creationTime: Date
    var projectStatus: String

    enum CodingKeys: String, CodingKey {
        case projectName = "ProjectName", projectArn = "ProjectArn", projectId = "ProjectId"
        case creationTime = "CreationTime", projectStatus = "ProjectStatus"
    }
}

struct ListProjectsOutput: Codable, Equatable {
    var projectSummaryList: [ProjectSummary]
    var nextToken: String?

    enum CodingKeys: String, CodingKey { case projectSummaryList = "ProjectSummaryList", nextToken = "NextToken" }
}

struct ContainerDefinition: Codable, Equatable {
    var image: String?
    var environment: [String: String]?

    enum CodingKeys: String, CodingKey { case image = "Image", environment = "Environment" }
}

struct CreateModelInput: Codable, Equatable {
    var modelName: String
    var primaryContainer: ContainerDefinition?
    var executionRoleArn: String?
    var enableNetworkIsolation: Bool?

    enum CodingKeys: String, CodingKey {
        case modelName = "ModelName", primaryContainer = "PrimaryContainer", executionRoleArn = "ExecutionRoleArn"
        case enableNetworkIsolation = "EnableNetworkIsolation"
    }
}

struct CreateSecretInput: Codable, Equatable {
    var name: String
    var clientRequestToken: String?
    var secretBinary: Data?
    var secretString: String?
    var tags: [Tag]?

    enum CodingKeys: String, CodingKey {
        case name = "Name", clientRequestToken = "ClientRequestToken", secretBinary = "SecretBinary"
        case secretString = "SecretString", tags = "Tags"
    }
}

struct GetSecretValueOutput: Codable, Equatable {
    var arn: String
    var name: String
    var versionId: String
    var secretBinary: Data?
    var secretString: String?
    var versionStages: [String]
    var createdDate: Date

    enum CodingKeys: String, CodingKey {
        case arn = "ARN", name = "Name", versionId = "VersionId", secretBinary = "SecretBinary"
        case secretString = "SecretString", versionStages = "VersionStages", createdDate = "CreatedDate"
    }
}

struct PutRuleInput: Codable, Equatable {
    var name: String
    var eventPattern: String?
    var state: String?

    enum CodingKeys: String, CodingKey { case name = "Name", eventPattern = "EventPattern", state = "State" }
}

struct MessageAttributeValue: Codable, Equatable {
    var dataType: String
    var stringValue: String?
    var binaryValue: Data?

    enum CodingKeys: String, CodingKey { case dataType = "DataType", stringValue = "StringValue", binaryValue = "BinaryValue" }
}

struct SendMessageInput: Codable, Equatable {
    var queueUrl: String
    var messageBody: String
    var delaySeconds: Int?
    var messageAttributes: [String: MessageAttributeValue]?

    enum CodingKeys: String, CodingKey {
        case queueUrl = "QueueUrl", messageBody = "MessageBody", delaySeconds = "DelaySeconds"
        case messageAttributes = "MessageAttributes"
    }
}

/// A document member: any JSON value, as policies and events carry.
struct PutEventsEntryWithDocument: Codable, Equatable {
    var detail: JSONValue
    var extra: [JSONValue]?

    enum CodingKeys: String, CodingKey { case detail = "Detail", extra = "Extra" }
}
