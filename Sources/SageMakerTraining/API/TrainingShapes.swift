import Foundation

struct MetricDefinitionShape: Codable, Sendable, Equatable {
    var name: String
    var regex: String
    enum CodingKeys: String, CodingKey { case name = "Name", regex = "Regex" }
}

struct AlgorithmSpecificationShape: Codable, Sendable, Equatable {
    var trainingImage: String?
    var algorithmName: String?
    var trainingInputMode: String
    var metricDefinitions: [MetricDefinitionShape]?
    var containerEntrypoint: [String]?
    var containerArguments: [String]?
    enum CodingKeys: String, CodingKey {
        case trainingImage = "TrainingImage", algorithmName = "AlgorithmName", trainingInputMode = "TrainingInputMode"
        case metricDefinitions = "MetricDefinitions", containerEntrypoint = "ContainerEntrypoint", containerArguments = "ContainerArguments"
    }
}

struct S3DataSourceShape: Codable, Sendable, Equatable {
    var s3DataType: String
    var s3Uri: String
    var s3DataDistributionType: String?
    enum CodingKeys: String, CodingKey { case s3DataType = "S3DataType", s3Uri = "S3Uri", s3DataDistributionType = "S3DataDistributionType" }
}

struct DataSourceShape: Codable, Sendable, Equatable {
    var s3DataSource: S3DataSourceShape?
    enum CodingKeys: String, CodingKey { case s3DataSource = "S3DataSource" }
}

struct ChannelShape: Codable, Sendable, Equatable {
    var channelName: String
    var dataSource: DataSourceShape
    var contentType: String?
    var compressionType: String?
    var inputMode: String?
    enum CodingKeys: String, CodingKey {
        case channelName = "ChannelName", dataSource = "DataSource", contentType = "ContentType", compressionType = "CompressionType", inputMode = "InputMode"
    }
}

struct OutputDataConfigShape: Codable, Sendable, Equatable {
    var s3OutputPath: String
    var kmsKeyId: String? = nil
    enum CodingKeys: String, CodingKey { case s3OutputPath = "S3OutputPath", kmsKeyId = "KmsKeyId" }
}

struct ResourceConfigShape: Codable, Sendable, Equatable {
    var instanceType: String?
    var instanceCount: Int?
    var volumeSizeInGB: Int?
    enum CodingKeys: String, CodingKey { case instanceType = "InstanceType", instanceCount = "InstanceCount", volumeSizeInGB = "VolumeSizeInGB" }
}

struct StoppingConditionShape: Codable, Sendable, Equatable {
    var maxRuntimeInSeconds: Int?
    var maxWaitTimeInSeconds: Int?
    enum CodingKeys: String, CodingKey { case maxRuntimeInSeconds = "MaxRuntimeInSeconds", maxWaitTimeInSeconds = "MaxWaitTimeInSeconds" }
}

struct TagShape: Codable, Sendable, Equatable {
    var key: String
    var value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

struct CreateTrainingJobInput: Codable, Sendable {
    var trainingJobName: String
    var hyperParameters: [String: String]? = nil
    var algorithmSpecification: AlgorithmSpecificationShape? = nil
    var roleArn: String
    var inputDataConfig: [ChannelShape]? = nil
    var outputDataConfig: OutputDataConfigShape
    var resourceConfig: ResourceConfigShape? = nil
    var stoppingCondition: StoppingConditionShape? = nil
    var tags: [TagShape]? = nil
    var environment: [String: String]? = nil
    enum CodingKeys: String, CodingKey {
        case trainingJobName = "TrainingJobName", hyperParameters = "HyperParameters", algorithmSpecification = "AlgorithmSpecification"
        case roleArn = "RoleArn", inputDataConfig = "InputDataConfig", outputDataConfig = "OutputDataConfig", resourceConfig = "ResourceConfig"
        case stoppingCondition = "StoppingCondition", tags = "Tags", environment = "Environment"
    }
}

struct TrainingJobArnOutput: Codable, Sendable {
    var trainingJobArn: String
    enum CodingKeys: String, CodingKey { case trainingJobArn = "TrainingJobArn" }
}

struct TrainingJobNameInput: Codable, Sendable {
    var trainingJobName: String
    enum CodingKeys: String, CodingKey { case trainingJobName = "TrainingJobName" }
}

struct SecondaryStatusTransitionShape: Codable, Sendable, Equatable {
    var status: String
    var startTime: Date
    var endTime: Date?
    var statusMessage: String?
    enum CodingKeys: String, CodingKey { case status = "Status", startTime = "StartTime", endTime = "EndTime", statusMessage = "StatusMessage" }
}

struct MetricDataShape: Codable, Sendable, Equatable {
    var metricName: String
    var value: Double
    var timestamp: Date
    enum CodingKeys: String, CodingKey { case metricName = "MetricName", value = "Value", timestamp = "Timestamp" }
}

struct ModelArtifactsShape: Codable, Sendable, Equatable {
    var s3ModelArtifacts: String
    enum CodingKeys: String, CodingKey { case s3ModelArtifacts = "S3ModelArtifacts" }
}

struct DescribeTrainingJobOutput: Codable, Sendable {
    var trainingJobName: String
    var trainingJobArn: String
    var modelArtifacts: ModelArtifactsShape?
    var trainingJobStatus: String
    var secondaryStatus: String
    var failureReason: String?
    var hyperParameters: [String: String]?
    var algorithmSpecification: AlgorithmSpecificationShape?
    var roleArn: String
    var inputDataConfig: [ChannelShape]?
    var outputDataConfig: OutputDataConfigShape
    var resourceConfig: ResourceConfigShape?
    var stoppingCondition: StoppingConditionShape?
    var creationTime: Date
    var trainingStartTime: Date?
    var trainingEndTime: Date?
    var lastModifiedTime: Date
    var secondaryStatusTransitions: [SecondaryStatusTransitionShape]
    var finalMetricDataList: [MetricDataShape]?
    var trainingTimeInSeconds: Int?
    var billableTimeInSeconds: Int?
    var environment: [String: String]?
    enum CodingKeys: String, CodingKey {
        case trainingJobName = "TrainingJobName", trainingJobArn = "TrainingJobArn", modelArtifacts = "ModelArtifacts"
        case trainingJobStatus = "TrainingJobStatus", secondaryStatus = "SecondaryStatus", failureReason = "FailureReason"
        case hyperParameters = "HyperParameters", algorithmSpecification = "AlgorithmSpecification", roleArn = "RoleArn"
        case inputDataConfig = "InputDataConfig", outputDataConfig = "OutputDataConfig", resourceConfig = "ResourceConfig"
        case stoppingCondition = "StoppingCondition", creationTime = "CreationTime", trainingStartTime = "TrainingStartTime"
        case trainingEndTime = "TrainingEndTime", lastModifiedTime = "LastModifiedTime", secondaryStatusTransitions = "SecondaryStatusTransitions"
        case finalMetricDataList = "FinalMetricDataList", trainingTimeInSeconds = "TrainingTimeInSeconds", billableTimeInSeconds = "BillableTimeInSeconds"
        case environment = "Environment"
    }
}

struct TrainingJobSummaryShape: Codable, Sendable {
    var trainingJobName: String
    var trainingJobArn: String
    var creationTime: Date
    var trainingEndTime: Date?
    var lastModifiedTime: Date
    var trainingJobStatus: String
    var secondaryStatus: String
    enum CodingKeys: String, CodingKey {
        case trainingJobName = "TrainingJobName", trainingJobArn = "TrainingJobArn", creationTime = "CreationTime", trainingEndTime = "TrainingEndTime"
        case lastModifiedTime = "LastModifiedTime", trainingJobStatus = "TrainingJobStatus", secondaryStatus = "SecondaryStatus"
    }
}

struct ListTrainingJobsOutput: Codable, Sendable {
    var trainingJobSummaries: [TrainingJobSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case trainingJobSummaries = "TrainingJobSummaries", nextToken = "NextToken" }
}

struct EmptyOutput: Codable, Sendable {}
