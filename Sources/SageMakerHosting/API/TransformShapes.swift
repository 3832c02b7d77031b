import Foundation

struct TransformS3DataSourceShape: Codable, Sendable {
    var s3DataType: String
    var s3Uri: String
    enum CodingKeys: String, CodingKey { case s3DataType = "S3DataType", s3Uri = "S3Uri" }
}

struct TransformDataSourceShape: Codable, Sendable {
    var s3DataSource: TransformS3DataSourceShape
    enum CodingKeys: String, CodingKey { case s3DataSource = "S3DataSource" }
}

struct TransformInputShape: Codable, Sendable {
    var dataSource: TransformDataSourceShape
    var contentType: String?
    var compressionType: String?
    var splitType: String?
    enum CodingKeys: String, CodingKey { case dataSource = "DataSource", contentType = "ContentType", compressionType = "CompressionType", splitType = "SplitType" }
}

struct TransformOutputShape: Codable, Sendable {
    var s3OutputPath: String
    var accept: String?
    var assembleWith: String?
    var kmsKeyId: String?
    enum CodingKeys: String, CodingKey { case s3OutputPath = "S3OutputPath", accept = "Accept", assembleWith = "AssembleWith", kmsKeyId = "KmsKeyId" }
}

struct TransformResourcesShape: Codable, Sendable {
    var instanceType: String
    var instanceCount: Int
    var volumeKmsKeyId: String?
    enum CodingKeys: String, CodingKey { case instanceType = "InstanceType", instanceCount = "InstanceCount", volumeKmsKeyId = "VolumeKmsKeyId" }
}

struct ModelClientConfigShape: Codable, Sendable {
    var invocationsTimeoutInSeconds: Int?
    var invocationsMaxRetries: Int?
    enum CodingKeys: String, CodingKey { case invocationsTimeoutInSeconds = "InvocationsTimeoutInSeconds", invocationsMaxRetries = "InvocationsMaxRetries" }
}

struct DataProcessingShape: Codable, Sendable {
    var inputFilter: String?
    var outputFilter: String?
    var joinSource: String?
    enum CodingKeys: String, CodingKey { case inputFilter = "InputFilter", outputFilter = "OutputFilter", joinSource = "JoinSource" }
}

struct CreateTransformJobInput: Codable, Sendable {
    var transformJobName: String
    var modelName: String
    var maxConcurrentTransforms: Int?
    var modelClientConfig: ModelClientConfigShape?
    var maxPayloadInMB: Int?
    var batchStrategy: String?
    var environment: [String: String]?
    var transformInput: TransformInputShape
    var transformOutput: TransformOutputShape
    var transformResources: TransformResourcesShape
    var dataProcessing: DataProcessingShape?
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey {
        case transformJobName = "TransformJobName", modelName = "ModelName", maxConcurrentTransforms = "MaxConcurrentTransforms"
        case modelClientConfig = "ModelClientConfig", maxPayloadInMB = "MaxPayloadInMB", batchStrategy = "BatchStrategy", environment = "Environment"
        case transformInput = "TransformInput", transformOutput = "TransformOutput", transformResources = "TransformResources"
        case dataProcessing = "DataProcessing", tags = "Tags"
    }
}

struct TransformJobArnOutput: Codable, Sendable {
    var transformJobArn: String
    enum CodingKeys: String, CodingKey { case transformJobArn = "TransformJobArn" }
}

struct TransformJobNameInput: Codable, Sendable {
    var transformJobName: String
    enum CodingKeys: String, CodingKey { case transformJobName = "TransformJobName" }
}

struct DescribeTransformJobOutput: Codable, Sendable {
    var transformJobName: String
    var transformJobArn: String
    var transformJobStatus: String
    var failureReason: String?
    var modelName: String
    var maxConcurrentTransforms: Int?
    var modelClientConfig: ModelClientConfigShape?
    var maxPayloadInMB: Int?
    var batchStrategy: String?
    var environment: [String: String]?
    var transformInput: TransformInputShape
    var transformOutput: TransformOutputShape
    var transformResources: TransformResourcesShape
    var dataProcessing: DataProcessingShape?
    var creationTime: Date
    var transformStartTime: Date?
    var transformEndTime: Date?
    enum CodingKeys: String, CodingKey {
        case transformJobName = "TransformJobName", transformJobArn = "TransformJobArn", transformJobStatus = "TransformJobStatus"
        case failureReason = "FailureReason", modelName = "ModelName", maxConcurrentTransforms = "MaxConcurrentTransforms"
        case modelClientConfig = "ModelClientConfig", maxPayloadInMB = "MaxPayloadInMB", batchStrategy = "BatchStrategy", environment = "Environment"
        case transformInput = "TransformInput", transformOutput = "TransformOutput", transformResources = "TransformResources"
        case dataProcessing = "DataProcessing", creationTime = "CreationTime", transformStartTime = "TransformStartTime", transformEndTime = "TransformEndTime"
    }
}

struct TransformJobSummaryShape: Codable, Sendable {
    var transformJobName: String
    var transformJobArn: String
    var creationTime: Date
    var transformEndTime: Date?
    var lastModifiedTime: Date?
    var transformJobStatus: String
    var failureReason: String?
    enum CodingKeys: String, CodingKey {
        case transformJobName = "TransformJobName", transformJobArn = "TransformJobArn", creationTime = "CreationTime", transformEndTime = "TransformEndTime"
        case lastModifiedTime = "LastModifiedTime", transformJobStatus = "TransformJobStatus", failureReason = "FailureReason"
    }
}

struct ListTransformJobsOutput: Codable, Sendable {
    var transformJobSummaries: [TransformJobSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case transformJobSummaries = "TransformJobSummaries", nextToken = "NextToken" }
}
