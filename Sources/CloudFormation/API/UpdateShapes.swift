import Foundation

struct UpdateStackInput: Codable, Sendable {
    var stackName: String
    var templateBody: String?
    var templateURL: String?
    var usePreviousTemplate: Bool?
    var parameters: [ParameterShape]?
    var capabilities: [String]?
    var roleARN: String?
    var tags: [StackTagShape]?
    enum CodingKeys: String, CodingKey {
        case stackName = "StackName", templateBody = "TemplateBody", templateURL = "TemplateURL", usePreviousTemplate = "UsePreviousTemplate"
        case parameters = "Parameters", capabilities = "Capabilities", roleARN = "RoleARN", tags = "Tags"
    }
}

struct StackIdOutput: Codable, Sendable {
    var stackId: String
    enum CodingKeys: String, CodingKey { case stackId = "StackId" }
}

struct ContinueUpdateRollbackInput: Codable, Sendable {
    var stackName: String
    var roleARN: String?
    var resourcesToSkip: [String]?
    enum CodingKeys: String, CodingKey { case stackName = "StackName", roleARN = "RoleARN", resourcesToSkip = "ResourcesToSkip" }
}

struct UpdateTerminationProtectionInput: Codable, Sendable {
    var stackName: String
    var enableTerminationProtection: Bool
    enum CodingKeys: String, CodingKey { case stackName = "StackName", enableTerminationProtection = "EnableTerminationProtection" }
}

struct ExportShape: Codable, Sendable {
    var exportingStackId: String
    var name: String
    var value: String
    enum CodingKeys: String, CodingKey { case exportingStackId = "ExportingStackId", name = "Name", value = "Value" }
}

struct ListExportsInput: Codable, Sendable {
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case nextToken = "NextToken" }
}

struct ListExportsOutput: Codable, Sendable {
    var exports: [ExportShape]
    enum CodingKeys: String, CodingKey { case exports = "Exports" }
}

struct ListImportsInput: Codable, Sendable {
    var exportName: String
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case exportName = "ExportName", nextToken = "NextToken" }
}

struct ListImportsOutput: Codable, Sendable {
    var imports: [String]
    enum CodingKeys: String, CodingKey { case imports = "Imports" }
}

struct DescribeStackResourceInput: Codable, Sendable {
    var stackName: String
    var logicalResourceId: String
    enum CodingKeys: String, CodingKey { case stackName = "StackName", logicalResourceId = "LogicalResourceId" }
}

struct StackResourceDetailShape: Codable, Sendable {
    var stackName: String
    var stackId: String
    var logicalResourceId: String
    var physicalResourceId: String?
    var resourceType: String
    var lastUpdatedTimestamp: Date
    var resourceStatus: String
    var resourceStatusReason: String?
    var metadata: String?
    enum CodingKeys: String, CodingKey {
        case stackName = "StackName", stackId = "StackId", logicalResourceId = "LogicalResourceId", physicalResourceId = "PhysicalResourceId"
        case resourceType = "ResourceType", lastUpdatedTimestamp = "LastUpdatedTimestamp", resourceStatus = "ResourceStatus"
        case resourceStatusReason = "ResourceStatusReason", metadata = "Metadata"
    }
}

struct DescribeStackResourceOutput: Codable, Sendable {
    var stackResourceDetail: StackResourceDetailShape
    enum CodingKeys: String, CodingKey { case stackResourceDetail = "StackResourceDetail" }
}

struct ListStackResourcesInput: Codable, Sendable {
    var stackName: String
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case stackName = "StackName", nextToken = "NextToken" }
}

struct StackResourceSummaryShape: Codable, Sendable {
    var logicalResourceId: String
    var physicalResourceId: String?
    var resourceType: String
    var lastUpdatedTimestamp: Date
    var resourceStatus: String
    var resourceStatusReason: String?
    enum CodingKeys: String, CodingKey {
        case logicalResourceId = "LogicalResourceId", physicalResourceId = "PhysicalResourceId", resourceType = "ResourceType"
        case lastUpdatedTimestamp = "LastUpdatedTimestamp", resourceStatus = "ResourceStatus", resourceStatusReason = "ResourceStatusReason"
    }
}

struct ListStackResourcesOutput: Codable, Sendable {
    var stackResourceSummaries: [StackResourceSummaryShape]
    enum CodingKeys: String, CodingKey { case stackResourceSummaries = "StackResourceSummaries" }
}
