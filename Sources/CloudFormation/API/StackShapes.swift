import Foundation

struct ParameterShape: Codable, Sendable, Hashable {
    var parameterKey: String?
    var parameterValue: String?
    var usePreviousValue: Bool?
    enum CodingKeys: String, CodingKey { case parameterKey = "ParameterKey", parameterValue = "ParameterValue", usePreviousValue = "UsePreviousValue" }
}

struct StackTagShape: Codable, Sendable, Hashable {
    var key: String
    var value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

struct ValidateTemplateInput: Codable, Sendable {
    var templateBody: String?
    var templateURL: String?
    enum CodingKeys: String, CodingKey { case templateBody = "TemplateBody", templateURL = "TemplateURL" }
}

struct TemplateParameterShape: Codable, Sendable {
    var parameterKey: String
    var defaultValue: String?
    var noEcho: Bool
    var description: String?
    enum CodingKeys: String, CodingKey { case parameterKey = "ParameterKey", defaultValue = "DefaultValue", noEcho = "NoEcho", description = "Description" }
}

struct ValidateTemplateOutput: Codable, Sendable {
    var parameters: [TemplateParameterShape]
    var description: String?
    var capabilities: [String]?
    var capabilitiesReason: String?
    var declaredTransforms: [String]
    enum CodingKeys: String, CodingKey {
        case parameters = "Parameters", description = "Description", capabilities = "Capabilities", capabilitiesReason = "CapabilitiesReason"
        case declaredTransforms = "DeclaredTransforms"
    }
}

struct CreateStackInput: Codable, Sendable {
    var stackName: String
    var templateBody: String?
    var templateURL: String?
    var parameters: [ParameterShape]?
    var disableRollback: Bool?
    var onFailure: String?
    var capabilities: [String]?
    var roleARN: String?
    var tags: [StackTagShape]?
    var enableTerminationProtection: Bool?
    enum CodingKeys: String, CodingKey {
        case stackName = "StackName", templateBody = "TemplateBody", templateURL = "TemplateURL", parameters = "Parameters"
        case disableRollback = "DisableRollback", onFailure = "OnFailure", capabilities = "Capabilities", roleARN = "RoleARN", tags = "Tags"
        case enableTerminationProtection = "EnableTerminationProtection"
    }
}

struct CreateStackOutput: Codable, Sendable {
    var stackId: String
    enum CodingKeys: String, CodingKey { case stackId = "StackId" }
}

struct DeleteStackInput: Codable, Sendable {
    var stackName: String?
    var retainResources: [String]?
    var roleARN: String?
    enum CodingKeys: String, CodingKey { case stackName = "StackName", retainResources = "RetainResources", roleARN = "RoleARN" }
}

struct StackNameInput: Codable, Sendable {
    var stackName: String?
    enum CodingKeys: String, CodingKey { case stackName = "StackName" }
}

struct OutputShape: Codable, Sendable {
    var outputKey: String
    var outputValue: String
    var description: String?
    var exportName: String?
    enum CodingKeys: String, CodingKey { case outputKey = "OutputKey", outputValue = "OutputValue", description = "Description", exportName = "ExportName" }
}

struct StackShape: Codable, Sendable {
    var stackId: String
    var stackName: String
    var description: String?
    var parameters: [ParameterShape]?
    var creationTime: Date
    var lastUpdatedTime: Date?
    var deletionTime: Date?
    var stackStatus: String
    var stackStatusReason: String?
    var disableRollback: Bool
    var capabilities: [String]?
    var outputs: [OutputShape]?
    var roleARN: String?
    var tags: [StackTagShape]?
    var enableTerminationProtection: Bool
    var parentId: String?
    var rootId: String?
    enum CodingKeys: String, CodingKey {
        case parentId = "ParentId", rootId = "RootId"
        case stackId = "StackId", stackName = "StackName", description = "Description", parameters = "Parameters", creationTime = "CreationTime"
        case lastUpdatedTime = "LastUpdatedTime", deletionTime = "DeletionTime", stackStatus = "StackStatus", stackStatusReason = "StackStatusReason"
        case disableRollback = "DisableRollback", capabilities = "Capabilities", outputs = "Outputs", roleARN = "RoleARN", tags = "Tags"
        case enableTerminationProtection = "EnableTerminationProtection"
    }
}

struct DescribeStacksOutput: Codable, Sendable {
    var stacks: [StackShape]
    enum CodingKeys: String, CodingKey { case stacks = "Stacks" }
}

struct StackEventShape: Codable, Sendable {
    var stackId: String
    var eventId: String
    var stackName: String
    var logicalResourceId: String
    var physicalResourceId: String?
    var resourceType: String
    var timestamp: Date
    var resourceStatus: String
    var resourceStatusReason: String?
    enum CodingKeys: String, CodingKey {
        case stackId = "StackId", eventId = "EventId", stackName = "StackName", logicalResourceId = "LogicalResourceId"
        case physicalResourceId = "PhysicalResourceId", resourceType = "ResourceType", timestamp = "Timestamp", resourceStatus = "ResourceStatus"
        case resourceStatusReason = "ResourceStatusReason"
    }
}

struct DescribeStackEventsOutput: Codable, Sendable {
    var stackEvents: [StackEventShape]
    enum CodingKeys: String, CodingKey { case stackEvents = "StackEvents" }
}

struct StackResourceShape: Codable, Sendable {
    var stackName: String
    var stackId: String
    var logicalResourceId: String
    var physicalResourceId: String?
    var resourceType: String
    var timestamp: Date
    var resourceStatus: String
    var resourceStatusReason: String?
    enum CodingKeys: String, CodingKey {
        case stackName = "StackName", stackId = "StackId", logicalResourceId = "LogicalResourceId", physicalResourceId = "PhysicalResourceId"
        case resourceType = "ResourceType", timestamp = "Timestamp", resourceStatus = "ResourceStatus", resourceStatusReason = "ResourceStatusReason"
    }
}

struct DescribeStackResourcesOutput: Codable, Sendable {
    var stackResources: [StackResourceShape]
    enum CodingKeys: String, CodingKey { case stackResources = "StackResources" }
}

struct EmptyResult: Codable, Sendable {}

struct ListStacksInput: Codable, Sendable {
    var nextToken: String?
    var stackStatusFilter: [String]?
    enum CodingKeys: String, CodingKey { case nextToken = "NextToken", stackStatusFilter = "StackStatusFilter" }
}

struct StackSummaryShape: Codable, Sendable {
    var stackId: String
    var stackName: String
    var templateDescription: String?
    var creationTime: Date
    var lastUpdatedTime: Date?
    var deletionTime: Date?
    var stackStatus: String
    var stackStatusReason: String?
    enum CodingKeys: String, CodingKey {
        case stackId = "StackId", stackName = "StackName", templateDescription = "TemplateDescription", creationTime = "CreationTime"
        case lastUpdatedTime = "LastUpdatedTime", deletionTime = "DeletionTime", stackStatus = "StackStatus", stackStatusReason = "StackStatusReason"
    }
}

struct ListStacksOutput: Codable, Sendable {
    var stackSummaries: [StackSummaryShape]
    enum CodingKeys: String, CodingKey { case stackSummaries = "StackSummaries" }
}

struct GetTemplateOutput: Codable, Sendable {
    var templateBody: String
    var stagesAvailable: [String]
    enum CodingKeys: String, CodingKey { case templateBody = "TemplateBody", stagesAvailable = "StagesAvailable" }
}

struct GetTemplateSummaryInput: Codable, Sendable {
    var templateBody: String?
    var templateURL: String?
    var stackName: String?
    enum CodingKeys: String, CodingKey { case templateBody = "TemplateBody", templateURL = "TemplateURL", stackName = "StackName" }
}

struct ParameterConstraintsShape: Codable, Sendable {
    var allowedValues: [String]?
    enum CodingKeys: String, CodingKey { case allowedValues = "AllowedValues" }
}

struct ParameterDeclarationShape: Codable, Sendable {
    var parameterKey: String
    var defaultValue: String?
    var parameterType: String
    var noEcho: Bool
    var description: String?
    var parameterConstraints: ParameterConstraintsShape
    enum CodingKeys: String, CodingKey {
        case parameterKey = "ParameterKey", defaultValue = "DefaultValue", parameterType = "ParameterType", noEcho = "NoEcho"
        case description = "Description", parameterConstraints = "ParameterConstraints"
    }
}

struct GetTemplateSummaryOutput: Codable, Sendable {
    var parameters: [ParameterDeclarationShape]
    var description: String?
    var capabilities: [String]?
    var capabilitiesReason: String?
    var resourceTypes: [String]
    var version: String?
    var metadata: String?
    var declaredTransforms: [String]
    enum CodingKeys: String, CodingKey {
        case parameters = "Parameters", description = "Description", capabilities = "Capabilities", capabilitiesReason = "CapabilitiesReason"
        case resourceTypes = "ResourceTypes", version = "Version", metadata = "Metadata", declaredTransforms = "DeclaredTransforms"
    }
}
