import Foundation
import SlipwayCore
import Wire

// Shapes of IAM, STS, SNS, RDS, SES and CloudFormation operations, declared as a Query service declares them.

struct CreateUserInput: Codable, Equatable {
    var path: String?
    var userName: String
    var permissionsBoundary: String?
    var tags: [Tag]?

    enum CodingKeys: String, CodingKey {
        case path = "Path", userName = "UserName", permissionsBoundary = "PermissionsBoundary", tags = "Tags"
    }
}

struct IAMUser: Codable, Equatable {
    var path: String
    var userName: String
    var userId: String
    var arn: String
    var createDate: Date
    var passwordLastUsed: Date?
    var tags: [Tag]?

    enum CodingKeys: String, CodingKey {
        case path = "Path", userName = "UserName", userId = "UserId", arn = "Arn", createDate = "CreateDate"
        case passwordLastUsed = "PasswordLastUsed", tags = "Tags"
    }
}

struct CreateUserOutput: Codable, Equatable {
    var user: IAMUser

    enum CodingKeys: String, CodingKey { case user = "User" }
}

struct ListUsersInput: Codable, Equatable {
    var pathPrefix: String?
    var marker: String?
    var maxItems: Int?

    enum CodingKeys: String, CodingKey { case pathPrefix = "PathPrefix", marker = "Marker", maxItems = "MaxItems" }
}

struct ListUsersOutput: Codable, Equatable {
    var users: [IAMUser]
    var isTruncated: Bool
    var marker: String?

    enum CodingKeys: String, CodingKey { case users = "Users", isTruncated = "IsTruncated", marker = "Marker" }
}

struct PutUserPolicyInput: Codable, Equatable {
    var userName: String
    var policyName: String
    var policyDocument: String

    enum CodingKeys: String, CodingKey { case userName = "UserName", policyName = "PolicyName", policyDocument = "PolicyDocument" }
}

struct UpdateLoginProfileInput: Codable, Equatable {
    var userName: String
    var password: String?
    var passwordResetRequired: Bool?

    enum CodingKeys: String, CodingKey {
        case userName = "UserName", password = "Password", passwordResetRequired = "PasswordResetRequired"
    }
}

struct GetAccountSummaryOutput: Codable, Equatable {
    var summaryMap: [String: Int]

    enum CodingKeys: String, CodingKey { case summaryMap = "SummaryMap" }
}

struct VirtualMFADevice: Codable, Equatable {
    var serialNumber: String
    var base32StringSeed: Data?
    var enableDate: Date?

    enum CodingKeys: String, CodingKey {
        case serialNumber = "SerialNumber", base32StringSeed = "Base32StringSeed", enableDate = "EnableDate"
    }
}

struct CreateVirtualMFADeviceOutput: Codable, Equatable {
    var virtualMFADevice: VirtualMFADevice

    enum CodingKeys: String, CodingKey { case virtualMFADevice = "VirtualMFADevice" }
}

struct PolicyDescriptor: Codable, Equatable {
    var arn: String?
}

struct AssumeRoleInput: Codable, Equatable {
    var roleArn: String
    var roleSessionName: String
    var policyArns: [PolicyDescriptor]?
    var policy: String?
    var durationSeconds: Int?
    var tags: [Tag]?
    var transitiveTagKeys: [String]?

    enum CodingKeys: String, CodingKey {
        case roleArn = "RoleArn", roleSessionName = "RoleSessionName", policyArns = "PolicyArns", policy = "Policy"
        case durationSeconds = "DurationSeconds", tags = "Tags", transitiveTagKeys = "TransitiveTagKeys"
    }
}

struct STSCredentials: Codable, Equatable {
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String
    var expiration: Date

    enum CodingKeys: String, CodingKey {
        case accessKeyId = "AccessKeyId", secretAccessKey = "SecretAccessKey", sessionToken = "SessionToken"
        case expiration = "Expiration"
    }
}

struct AssumedRoleUser: Codable, Equatable {
    var assumedRoleId: String
    var arn: String

    enum CodingKeys: String, CodingKey { case assumedRoleId = "AssumedRoleId", arn = "Arn" }
}

struct AssumeRoleOutput: Codable, Equatable {
    var credentials: STSCredentials
    var assumedRoleUser: AssumedRoleUser
    var packedPolicySize: Int?
    var sourceIdentity: String?

    enum CodingKeys: String, CodingKey {
        case credentials = "Credentials", assumedRoleUser = "AssumedRoleUser", packedPolicySize = "PackedPolicySize"
        case sourceIdentity = "SourceIdentity"
    }
}

struct CreateTopicInput: Codable, Equatable {
    var name: String
    var attributes: [String: String]?
    var tags: [Tag]?

    enum CodingKeys: String, CodingKey { case name = "Name", attributes = "Attributes", tags = "Tags" }
}

struct DescribeEventsInput: Codable, Equatable {
    var startTime: Date?
    var endTime: Date?
    var eventCategories: [String]?
    var sourceType: SourceType?

    enum SourceType: String, Codable { case dbInstance = "db-instance", dbCluster = "db-cluster" }

    enum CodingKeys: String, CodingKey {
        case startTime = "StartTime", endTime = "EndTime", eventCategories = "EventCategories", sourceType = "SourceType"
    }
}

struct RawMessage: Codable, Equatable {
    var data: Data

    enum CodingKeys: String, CodingKey { case data = "Data" }
}

struct SendRawEmailInput: Codable, Equatable {
    var rawMessage: RawMessage
    var destinations: [String]?

    enum CodingKeys: String, CodingKey { case rawMessage = "RawMessage", destinations = "Destinations" }
}

struct StackParameter: Codable, Equatable {
    var parameterKey: String?
    var parameterValue: String?
    var usePreviousValue: Bool?

    enum CodingKeys: String, CodingKey {
        case parameterKey = "ParameterKey", parameterValue = "ParameterValue", usePreviousValue = "UsePreviousValue"
    }
}

struct CreateStackInput: Codable, Equatable {
    var stackName: String
    var templateBody: String?
    var parameters: [StackParameter]?
    var capabilities: [String]?
    var notificationARNs: [String]?
    var timeoutInMinutes: Int?

    enum CodingKeys: String, CodingKey {
        case stackName = "StackName", templateBody = "TemplateBody", parameters = "Parameters"
        case capabilities = "Capabilities", notificationARNs = "NotificationARNs", timeoutInMinutes = "TimeoutInMinutes"
    }
}
