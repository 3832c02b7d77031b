import Foundation

struct PutRuleInput: Codable, Sendable {
    var name: String
    var scheduleExpression: String?
    var eventPattern: String?
    var state: String?
    var description: String?
    var roleArn: String?
    var tags: [TagShape]?
    var eventBusName: String?
    enum CodingKeys: String, CodingKey {
        case name = "Name", scheduleExpression = "ScheduleExpression", eventPattern = "EventPattern", state = "State", description = "Description"
        case roleArn = "RoleArn", tags = "Tags", eventBusName = "EventBusName"
    }
}

struct PutRuleOutput: Codable, Sendable {
    var ruleArn: String
    enum CodingKeys: String, CodingKey { case ruleArn = "RuleArn" }
}

struct RuleNameInput: Codable, Sendable {
    var name: String
    var eventBusName: String?
    var force: Bool?
    enum CodingKeys: String, CodingKey { case name = "Name", eventBusName = "EventBusName", force = "Force" }
}

struct RuleShape: Codable, Sendable {
    var name: String
    var arn: String
    var eventPattern: String?
    var scheduleExpression: String?
    var state: String
    var description: String?
    var roleArn: String?
    var managedBy: String?
    var eventBusName: String
    var createdBy: String?
    enum CodingKeys: String, CodingKey {
        case name = "Name", arn = "Arn", eventPattern = "EventPattern", scheduleExpression = "ScheduleExpression", state = "State"
        case description = "Description", roleArn = "RoleArn", managedBy = "ManagedBy", eventBusName = "EventBusName", createdBy = "CreatedBy"
    }
}

struct ListRulesInput: Codable, Sendable {
    var namePrefix: String?
    var eventBusName: String?
    var nextToken: String?
    var limit: Int?
    enum CodingKeys: String, CodingKey { case namePrefix = "NamePrefix", eventBusName = "EventBusName", nextToken = "NextToken", limit = "Limit" }
}

struct ListRulesOutput: Codable, Sendable {
    var rules: [RuleShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case rules = "Rules", nextToken = "NextToken" }
}

struct InputTransformerShape: Codable, Sendable, Equatable {
    var inputPathsMap: [String: String]?
    var inputTemplate: String
    enum CodingKeys: String, CodingKey { case inputPathsMap = "InputPathsMap", inputTemplate = "InputTemplate" }
}

struct RetryPolicyShape: Codable, Sendable, Equatable {
    var maximumRetryAttempts: Int?
    var maximumEventAgeInSeconds: Int?
    enum CodingKeys: String, CodingKey { case maximumRetryAttempts = "MaximumRetryAttempts", maximumEventAgeInSeconds = "MaximumEventAgeInSeconds" }
}

struct PipelineParameterShape: Codable, Sendable, Equatable {
    var name: String
    var value: String
    enum CodingKeys: String, CodingKey { case name = "Name", value = "Value" }
}

struct SageMakerPipelineParametersShape: Codable, Sendable, Equatable {
    var pipelineParameterList: [PipelineParameterShape]?
    enum CodingKeys: String, CodingKey { case pipelineParameterList = "PipelineParameterList" }
}

struct DeadLetterConfigShape: Codable, Sendable, Equatable {
    var arn: String?
    enum CodingKeys: String, CodingKey { case arn = "Arn" }
}

/// A target as PutTargets takes it and ListTargetsByRule answers it.
struct TargetShape: Codable, Sendable, Equatable {
    var id: String
    var arn: String
    var roleArn: String?
    var input: String?
    var inputPath: String?
    var inputTransformer: InputTransformerShape?
    var sageMakerPipelineParameters: SageMakerPipelineParametersShape?
    var deadLetterConfig: DeadLetterConfigShape?
    var retryPolicy: RetryPolicyShape?
    enum CodingKeys: String, CodingKey {
        case id = "Id", arn = "Arn", roleArn = "RoleArn", input = "Input", inputPath = "InputPath", inputTransformer = "InputTransformer"
        case sageMakerPipelineParameters = "SageMakerPipelineParameters", deadLetterConfig = "DeadLetterConfig", retryPolicy = "RetryPolicy"
    }
}

struct PutTargetsInput: Codable, Sendable {
    var rule: String
    var eventBusName: String?
    var targets: [TargetShape]
    enum CodingKeys: String, CodingKey { case rule = "Rule", eventBusName = "EventBusName", targets = "Targets" }
}

struct FailedTargetShape: Codable, Sendable {
    var targetId: String
    var errorCode: String
    var errorMessage: String
    enum CodingKeys: String, CodingKey { case targetId = "TargetId", errorCode = "ErrorCode", errorMessage = "ErrorMessage" }
}

struct TargetsResultOutput: Codable, Sendable {
    var failedEntryCount: Int
    var failedEntries: [FailedTargetShape]
    enum CodingKeys: String, CodingKey { case failedEntryCount = "FailedEntryCount", failedEntries = "FailedEntries" }
}

struct RemoveTargetsInput: Codable, Sendable {
    var rule: String
    var eventBusName: String?
    var ids: [String]
    var force: Bool?
    enum CodingKeys: String, CodingKey { case rule = "Rule", eventBusName = "EventBusName", ids = "Ids", force = "Force" }
}

struct ListTargetsInput: Codable, Sendable {
    var rule: String
    var eventBusName: String?
    var nextToken: String?
    var limit: Int?
    enum CodingKeys: String, CodingKey { case rule = "Rule", eventBusName = "EventBusName", nextToken = "NextToken", limit = "Limit" }
}

struct ListTargetsOutput: Codable, Sendable {
    var targets: [TargetShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case targets = "Targets", nextToken = "NextToken" }
}
