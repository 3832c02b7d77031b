import Foundation

struct CreateChangeSetInput: Codable, Sendable {
    var stackName: String
    var changeSetName: String
    var changeSetType: String?
    var templateBody: String?
    var templateURL: String?
    var usePreviousTemplate: Bool?
    var parameters: [ParameterShape]?
    var capabilities: [String]?
    var roleARN: String?
    var tags: [StackTagShape]?
    var description: String?
    enum CodingKeys: String, CodingKey {
        case stackName = "StackName", changeSetName = "ChangeSetName", changeSetType = "ChangeSetType", templateBody = "TemplateBody"
        case templateURL = "TemplateURL", usePreviousTemplate = "UsePreviousTemplate", parameters = "Parameters", capabilities = "Capabilities"
        case roleARN = "RoleARN", tags = "Tags", description = "Description"
    }
}

struct CreateChangeSetOutput: Codable, Sendable {
    var id: String
    var stackId: String
    enum CodingKeys: String, CodingKey { case id = "Id", stackId = "StackId" }
}

struct ChangeSetNameInput: Codable, Sendable {
    var changeSetName: String
    var stackName: String?
    var includePropertyValues: Bool?
    enum CodingKeys: String, CodingKey { case changeSetName = "ChangeSetName", stackName = "StackName", includePropertyValues = "IncludePropertyValues" }
}

struct ResourceTargetDefinitionShape: Codable, Sendable {
    var attribute: String
    var name: String
    var requiresRecreation: String
    var beforeValue: String?
    var afterValue: String?
    enum CodingKeys: String, CodingKey {
        case attribute = "Attribute", name = "Name", requiresRecreation = "RequiresRecreation", beforeValue = "BeforeValue", afterValue = "AfterValue"
    }
}

struct ResourceChangeDetailShape: Codable, Sendable {
    var target: ResourceTargetDefinitionShape
    var evaluation: String
    var changeSource: String
    var causingEntity: String?
    enum CodingKeys: String, CodingKey { case target = "Target", evaluation = "Evaluation", changeSource = "ChangeSource", causingEntity = "CausingEntity" }
}

struct ResourceChangeShape: Codable, Sendable {
    var action: String
    var logicalResourceId: String
    var physicalResourceId: String?
    var resourceType: String
    var replacement: String?
    var scope: [String]
    var details: [ResourceChangeDetailShape]
    enum CodingKeys: String, CodingKey {
        case action = "Action", logicalResourceId = "LogicalResourceId", physicalResourceId = "PhysicalResourceId", resourceType = "ResourceType"
        case replacement = "Replacement", scope = "Scope", details = "Details"
    }
}

struct ChangeShape: Codable, Sendable {
    var type: String
    var resourceChange: ResourceChangeShape
    enum CodingKeys: String, CodingKey { case type = "Type", resourceChange = "ResourceChange" }
}

struct DescribeChangeSetOutput: Codable, Sendable {
    var changeSetName: String
    var changeSetId: String
    var stackId: String
    var stackName: String
    var description: String?
    var parameters: [ParameterShape]?
    var creationTime: Date
    var executionStatus: String
    var status: String
    var statusReason: String?
    var capabilities: [String]?
    var tags: [StackTagShape]?
    var changes: [ChangeShape]
    enum CodingKeys: String, CodingKey {
        case changeSetName = "ChangeSetName", changeSetId = "ChangeSetId", stackId = "StackId", stackName = "StackName", description = "Description"
        case parameters = "Parameters", creationTime = "CreationTime", executionStatus = "ExecutionStatus", status = "Status"
        case statusReason = "StatusReason", capabilities = "Capabilities", tags = "Tags", changes = "Changes"
    }
}

struct ListChangeSetsInput: Codable, Sendable {
    var stackName: String
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case stackName = "StackName", nextToken = "NextToken" }
}

struct ChangeSetSummaryShape: Codable, Sendable {
    var stackId: String
    var stackName: String
    var changeSetId: String
    var changeSetName: String
    var executionStatus: String
    var status: String
    var statusReason: String?
    var creationTime: Date
    var description: String?
    enum CodingKeys: String, CodingKey {
        case stackId = "StackId", stackName = "StackName", changeSetId = "ChangeSetId", changeSetName = "ChangeSetName"
        case executionStatus = "ExecutionStatus", status = "Status", statusReason = "StatusReason", creationTime = "CreationTime", description = "Description"
    }
}

struct ListChangeSetsOutput: Codable, Sendable {
    var summaries: [ChangeSetSummaryShape]
    enum CodingKeys: String, CodingKey { case summaries = "Summaries" }
}
