import Foundation

struct TagShape: Codable, Sendable, Equatable {
    var key: String
    var value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

struct ParallelismConfigurationShape: Codable, Sendable, Equatable {
    var maxParallelExecutionSteps: Int
    enum CodingKeys: String, CodingKey { case maxParallelExecutionSteps = "MaxParallelExecutionSteps" }
}

struct PipelineDefinitionS3LocationShape: Codable, Sendable, Equatable {
    var bucket: String
    var objectKey: String
    var versionId: String?
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", objectKey = "ObjectKey", versionId = "VersionId" }
}

struct IamIdentityShape: Codable, Sendable, Equatable {
    var arn: String?
    var principalId: String?
    enum CodingKeys: String, CodingKey { case arn = "Arn", principalId = "PrincipalId" }
}

struct UserContextShape: Codable, Sendable, Equatable {
    var iamIdentity: IamIdentityShape?
    enum CodingKeys: String, CodingKey { case iamIdentity = "IamIdentity" }
}

struct CreatePipelineInput: Codable, Sendable {
    var pipelineName: String
    var pipelineDisplayName: String?
    var pipelineDefinition: String?
    var pipelineDefinitionS3Location: PipelineDefinitionS3LocationShape?
    var pipelineDescription: String?
    var clientRequestToken: String?
    var roleArn: String
    var tags: [TagShape]?
    var parallelismConfiguration: ParallelismConfigurationShape?
    enum CodingKeys: String, CodingKey {
        case pipelineName = "PipelineName", pipelineDisplayName = "PipelineDisplayName", pipelineDefinition = "PipelineDefinition"
        case pipelineDefinitionS3Location = "PipelineDefinitionS3Location", pipelineDescription = "PipelineDescription"
        case clientRequestToken = "ClientRequestToken", roleArn = "RoleArn", tags = "Tags", parallelismConfiguration = "ParallelismConfiguration"
    }
}

struct UpdatePipelineInput: Codable, Sendable {
    var pipelineName: String
    var pipelineDisplayName: String?
    var pipelineDefinition: String?
    var pipelineDefinitionS3Location: PipelineDefinitionS3LocationShape?
    var pipelineDescription: String?
    var roleArn: String?
    var parallelismConfiguration: ParallelismConfigurationShape?
    enum CodingKeys: String, CodingKey {
        case pipelineName = "PipelineName", pipelineDisplayName = "PipelineDisplayName", pipelineDefinition = "PipelineDefinition"
        case pipelineDefinitionS3Location = "PipelineDefinitionS3Location", pipelineDescription = "PipelineDescription"
        case roleArn = "RoleArn", parallelismConfiguration = "ParallelismConfiguration"
    }
}

struct PipelineArnOutput: Codable, Sendable {
    var pipelineArn: String
    enum CodingKeys: String, CodingKey { case pipelineArn = "PipelineArn" }
}

struct UpdatePipelineOutput: Codable, Sendable {
    var pipelineArn: String
    var pipelineVersionId: Int?
    enum CodingKeys: String, CodingKey { case pipelineArn = "PipelineArn", pipelineVersionId = "PipelineVersionId" }
}

struct PipelineNameInput: Codable, Sendable {
    var pipelineName: String
    var clientRequestToken: String?
    enum CodingKeys: String, CodingKey { case pipelineName = "PipelineName", clientRequestToken = "ClientRequestToken" }
}

struct DescribePipelineOutput: Codable, Sendable {
    var pipelineArn: String
    var pipelineName: String
    var pipelineDisplayName: String?
    var pipelineDefinition: String
    var pipelineDescription: String?
    var roleArn: String
    var pipelineStatus: String
    var creationTime: Date
    var lastModifiedTime: Date
    var lastRunTime: Date?
    var createdBy: UserContextShape?
    var lastModifiedBy: UserContextShape?
    var parallelismConfiguration: ParallelismConfigurationShape?
    enum CodingKeys: String, CodingKey {
        case pipelineArn = "PipelineArn", pipelineName = "PipelineName", pipelineDisplayName = "PipelineDisplayName"
        case pipelineDefinition = "PipelineDefinition", pipelineDescription = "PipelineDescription", roleArn = "RoleArn"
        case pipelineStatus = "PipelineStatus", creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime", lastRunTime = "LastRunTime"
        case createdBy = "CreatedBy", lastModifiedBy = "LastModifiedBy", parallelismConfiguration = "ParallelismConfiguration"
    }
}

struct ListPipelinesInput: Codable, Sendable {
    var pipelineNamePrefix: String?
    var createdAfter: Date?
    var createdBefore: Date?
    var sortBy: String?
    var sortOrder: String?
    var nextToken: String?
    var maxResults: Int?
    enum CodingKeys: String, CodingKey {
        case pipelineNamePrefix = "PipelineNamePrefix", createdAfter = "CreatedAfter", createdBefore = "CreatedBefore", sortBy = "SortBy"
        case sortOrder = "SortOrder", nextToken = "NextToken", maxResults = "MaxResults"
    }
}

struct PipelineSummaryShape: Codable, Sendable {
    var pipelineArn: String
    var pipelineName: String
    var pipelineDisplayName: String?
    var pipelineDescription: String?
    var roleArn: String
    var creationTime: Date
    var lastModifiedTime: Date
    var lastExecutionTime: Date?
    enum CodingKeys: String, CodingKey {
        case pipelineArn = "PipelineArn", pipelineName = "PipelineName", pipelineDisplayName = "PipelineDisplayName"
        case pipelineDescription = "PipelineDescription", roleArn = "RoleArn", creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime"
        case lastExecutionTime = "LastExecutionTime"
    }
}

struct ListPipelinesOutput: Codable, Sendable {
    var pipelineSummaries: [PipelineSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case pipelineSummaries = "PipelineSummaries", nextToken = "NextToken" }
}

struct ParameterShape: Codable, Sendable, Equatable {
    var name: String
    var value: String
    enum CodingKeys: String, CodingKey { case name = "Name", value = "Value" }
}

struct StartPipelineExecutionInput: Codable, Sendable {
    var pipelineName: String
    var pipelineExecutionDisplayName: String?
    var pipelineParameters: [ParameterShape]?
    var pipelineExecutionDescription: String?
    var clientRequestToken: String?
    var parallelismConfiguration: ParallelismConfigurationShape?
    var selectiveExecutionConfig: PipelineValue?
    enum CodingKeys: String, CodingKey {
        case pipelineName = "PipelineName", pipelineExecutionDisplayName = "PipelineExecutionDisplayName", pipelineParameters = "PipelineParameters"
        case pipelineExecutionDescription = "PipelineExecutionDescription", clientRequestToken = "ClientRequestToken"
        case parallelismConfiguration = "ParallelismConfiguration", selectiveExecutionConfig = "SelectiveExecutionConfig"
    }
}

struct PipelineExecutionArnOutput: Codable, Sendable {
    var pipelineExecutionArn: String
    enum CodingKeys: String, CodingKey { case pipelineExecutionArn = "PipelineExecutionArn" }
}

struct PipelineExecutionArnInput: Codable, Sendable {
    var pipelineExecutionArn: String
    var clientRequestToken: String?
    var parallelismConfiguration: ParallelismConfigurationShape?
    var nextToken: String?
    var maxResults: Int?
    var sortOrder: String?
    enum CodingKeys: String, CodingKey {
        case pipelineExecutionArn = "PipelineExecutionArn", clientRequestToken = "ClientRequestToken", parallelismConfiguration = "ParallelismConfiguration"
        case nextToken = "NextToken", maxResults = "MaxResults", sortOrder = "SortOrder"
    }
}

struct DescribePipelineExecutionOutput: Codable, Sendable {
    var pipelineArn: String
    var pipelineExecutionArn: String
    var pipelineExecutionDisplayName: String?
    var pipelineExecutionStatus: String
    var pipelineExecutionDescription: String?
    var failureReason: String?
    var creationTime: Date
    var lastModifiedTime: Date
    var createdBy: UserContextShape?
    var lastModifiedBy: UserContextShape?
    var parallelismConfiguration: ParallelismConfigurationShape?
    enum CodingKeys: String, CodingKey {
        case pipelineArn = "PipelineArn", pipelineExecutionArn = "PipelineExecutionArn", pipelineExecutionDisplayName = "PipelineExecutionDisplayName"
        case pipelineExecutionStatus = "PipelineExecutionStatus", pipelineExecutionDescription = "PipelineExecutionDescription"
        case failureReason = "FailureReason", creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime", createdBy = "CreatedBy"
        case lastModifiedBy = "LastModifiedBy", parallelismConfiguration = "ParallelismConfiguration"
    }
}

struct ListPipelineExecutionsInput: Codable, Sendable {
    var pipelineName: String
    var createdAfter: Date?
    var createdBefore: Date?
    var sortBy: String?
    var sortOrder: String?
    var nextToken: String?
    var maxResults: Int?
    enum CodingKeys: String, CodingKey {
        case pipelineName = "PipelineName", createdAfter = "CreatedAfter", createdBefore = "CreatedBefore", sortBy = "SortBy"
        case sortOrder = "SortOrder", nextToken = "NextToken", maxResults = "MaxResults"
    }
}

struct PipelineExecutionSummaryShape: Codable, Sendable {
    var pipelineExecutionArn: String
    var startTime: Date
    var pipelineExecutionStatus: String
    var pipelineExecutionDescription: String?
    var pipelineExecutionDisplayName: String?
    var pipelineExecutionFailureReason: String?
    enum CodingKeys: String, CodingKey {
        case pipelineExecutionArn = "PipelineExecutionArn", startTime = "StartTime", pipelineExecutionStatus = "PipelineExecutionStatus"
        case pipelineExecutionDescription = "PipelineExecutionDescription", pipelineExecutionDisplayName = "PipelineExecutionDisplayName"
        case pipelineExecutionFailureReason = "PipelineExecutionFailureReason"
    }
}

struct ListPipelineExecutionsOutput: Codable, Sendable {
    var pipelineExecutionSummaries: [PipelineExecutionSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case pipelineExecutionSummaries = "PipelineExecutionSummaries", nextToken = "NextToken" }
}

struct CacheHitResultShape: Codable, Sendable, Equatable {
    var sourcePipelineExecutionArn: String
    enum CodingKeys: String, CodingKey { case sourcePipelineExecutionArn = "SourcePipelineExecutionArn" }
}

struct PipelineExecutionStepShape: Codable, Sendable {
    var stepName: String
    var stepDisplayName: String?
    var stepDescription: String?
    var startTime: Date?
    var endTime: Date?
    var stepStatus: String
    var cacheHitResult: CacheHitResultShape?
    var failureReason: String?
    var metadata: PipelineValue?
    var attemptCount: Int?
    enum CodingKeys: String, CodingKey {
        case stepName = "StepName", stepDisplayName = "StepDisplayName", stepDescription = "StepDescription", startTime = "StartTime"
        case endTime = "EndTime", stepStatus = "StepStatus", cacheHitResult = "CacheHitResult", failureReason = "FailureReason"
        case metadata = "Metadata", attemptCount = "AttemptCount"
    }
}

struct ListPipelineExecutionStepsOutput: Codable, Sendable {
    var pipelineExecutionSteps: [PipelineExecutionStepShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case pipelineExecutionSteps = "PipelineExecutionSteps", nextToken = "NextToken" }
}

struct ListPipelineParametersForExecutionOutput: Codable, Sendable {
    var pipelineParameters: [ParameterShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case pipelineParameters = "PipelineParameters", nextToken = "NextToken" }
}

struct DescribePipelineDefinitionForExecutionOutput: Codable, Sendable {
    var pipelineDefinition: String
    var creationTime: Date
    enum CodingKeys: String, CodingKey { case pipelineDefinition = "PipelineDefinition", creationTime = "CreationTime" }
}

struct EmptyOutput: Codable, Sendable {}
