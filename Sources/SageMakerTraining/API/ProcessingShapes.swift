import Foundation

struct ProcessingS3InputShape: Codable, Sendable, Equatable {
    var s3Uri: String
    var localPath: String?
    var s3DataType: String
    var s3InputMode: String?
    var s3DataDistributionType: String?
    var s3CompressionType: String?
    enum CodingKeys: String, CodingKey {
        case s3Uri = "S3Uri", localPath = "LocalPath", s3DataType = "S3DataType", s3InputMode = "S3InputMode"
        case s3DataDistributionType = "S3DataDistributionType", s3CompressionType = "S3CompressionType"
    }
}

struct ProcessingInputShape: Codable, Sendable, Equatable {
    var inputName: String
    var appManaged: Bool?
    var s3Input: ProcessingS3InputShape?
    enum CodingKeys: String, CodingKey { case inputName = "InputName", appManaged = "AppManaged", s3Input = "S3Input" }
}

struct ProcessingS3OutputShape: Codable, Sendable, Equatable {
    var s3Uri: String
    var localPath: String?
    var s3UploadMode: String
    enum CodingKeys: String, CodingKey { case s3Uri = "S3Uri", localPath = "LocalPath", s3UploadMode = "S3UploadMode" }
}

struct ProcessingOutputShape: Codable, Sendable, Equatable {
    var outputName: String
    var s3Output: ProcessingS3OutputShape?
    var appManaged: Bool?
    enum CodingKeys: String, CodingKey { case outputName = "OutputName", s3Output = "S3Output", appManaged = "AppManaged" }
}

struct ProcessingOutputConfigShape: Codable, Sendable, Equatable {
    var outputs: [ProcessingOutputShape]
    var kmsKeyId: String?
    enum CodingKeys: String, CodingKey { case outputs = "Outputs", kmsKeyId = "KmsKeyId" }
}

struct ProcessingClusterConfigShape: Codable, Sendable, Equatable {
    var instanceCount: Int
    var instanceType: String
    var volumeSizeInGB: Int
    var volumeKmsKeyId: String?
    enum CodingKeys: String, CodingKey {
        case instanceCount = "InstanceCount", instanceType = "InstanceType", volumeSizeInGB = "VolumeSizeInGB", volumeKmsKeyId = "VolumeKmsKeyId"
    }
}

struct ProcessingResourcesShape: Codable, Sendable, Equatable {
    var clusterConfig: ProcessingClusterConfigShape
    enum CodingKeys: String, CodingKey { case clusterConfig = "ClusterConfig" }
}

struct ProcessingStoppingConditionShape: Codable, Sendable, Equatable {
    var maxRuntimeInSeconds: Int
    enum CodingKeys: String, CodingKey { case maxRuntimeInSeconds = "MaxRuntimeInSeconds" }
}

struct AppSpecificationShape: Codable, Sendable, Equatable {
    var imageUri: String
    var containerEntrypoint: [String]?
    var containerArguments: [String]?
    enum CodingKeys: String, CodingKey { case imageUri = "ImageUri", containerEntrypoint = "ContainerEntrypoint", containerArguments = "ContainerArguments" }
}

struct CreateProcessingJobInput: Codable, Sendable {
    var processingInputs: [ProcessingInputShape]?
    var processingOutputConfig: ProcessingOutputConfigShape?
    var processingJobName: String
    var processingResources: ProcessingResourcesShape
    var stoppingCondition: ProcessingStoppingConditionShape?
    var appSpecification: AppSpecificationShape
    var environment: [String: String]?
    var roleArn: String
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey {
        case processingInputs = "ProcessingInputs", processingOutputConfig = "ProcessingOutputConfig", processingJobName = "ProcessingJobName"
        case processingResources = "ProcessingResources", stoppingCondition = "StoppingCondition", appSpecification = "AppSpecification"
        case environment = "Environment", roleArn = "RoleArn", tags = "Tags"
    }
}

struct ProcessingJobArnOutput: Codable, Sendable {
    var processingJobArn: String
    enum CodingKeys: String, CodingKey { case processingJobArn = "ProcessingJobArn" }
}

struct ProcessingJobNameInput: Codable, Sendable {
    var processingJobName: String
    enum CodingKeys: String, CodingKey { case processingJobName = "ProcessingJobName" }
}

struct DescribeProcessingJobOutput: Codable, Sendable {
    var processingInputs: [ProcessingInputShape]?
    var processingOutputConfig: ProcessingOutputConfigShape?
    var processingJobName: String
    var processingResources: ProcessingResourcesShape
    var stoppingCondition: ProcessingStoppingConditionShape?
    var appSpecification: AppSpecificationShape
    var environment: [String: String]?
    var roleArn: String
    var processingJobArn: String
    var processingJobStatus: String
    var exitMessage: String?
    var failureReason: String?
    var processingEndTime: Date?
    var processingStartTime: Date?
    var lastModifiedTime: Date
    var creationTime: Date
    enum CodingKeys: String, CodingKey {
        case processingInputs = "ProcessingInputs", processingOutputConfig = "ProcessingOutputConfig", processingJobName = "ProcessingJobName"
        case processingResources = "ProcessingResources", stoppingCondition = "StoppingCondition", appSpecification = "AppSpecification"
        case environment = "Environment", roleArn = "RoleArn", processingJobArn = "ProcessingJobArn", processingJobStatus = "ProcessingJobStatus"
        case exitMessage = "ExitMessage", failureReason = "FailureReason", processingEndTime = "ProcessingEndTime"
        case processingStartTime = "ProcessingStartTime", lastModifiedTime = "LastModifiedTime", creationTime = "CreationTime"
    }
}

struct ProcessingJobSummaryShape: Codable, Sendable {
    var processingJobName: String
    var processingJobArn: String
    var creationTime: Date
    var processingEndTime: Date?
    var lastModifiedTime: Date?
    var processingJobStatus: String
    var failureReason: String?
    var exitMessage: String?
    enum CodingKeys: String, CodingKey {
        case processingJobName = "ProcessingJobName", processingJobArn = "ProcessingJobArn", creationTime = "CreationTime"
        case processingEndTime = "ProcessingEndTime", lastModifiedTime = "LastModifiedTime", processingJobStatus = "ProcessingJobStatus"
        case failureReason = "FailureReason", exitMessage = "ExitMessage"
    }
}

struct ListProcessingJobsOutput: Codable, Sendable {
    var processingJobSummaries: [ProcessingJobSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case processingJobSummaries = "ProcessingJobSummaries", nextToken = "NextToken" }
}
