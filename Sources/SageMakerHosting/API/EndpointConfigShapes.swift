import Foundation

/// `ProductionVariant`: a model served on a number of instances, weighted against the endpoint's other variants.
struct ProductionVariantShape: Codable, Sendable, Equatable {
    var variantName: String
    var modelName: String?
    var initialInstanceCount: Int?
    var instanceType: String?
    var initialVariantWeight: Float?
    var volumeSizeInGB: Int?
    var modelDataDownloadTimeoutInSeconds: Int?
    var containerStartupHealthCheckTimeoutInSeconds: Int?
    enum CodingKeys: String, CodingKey {
        case variantName = "VariantName", modelName = "ModelName", initialInstanceCount = "InitialInstanceCount", instanceType = "InstanceType"
        case initialVariantWeight = "InitialVariantWeight", volumeSizeInGB = "VolumeSizeInGB"
        case modelDataDownloadTimeoutInSeconds = "ModelDataDownloadTimeoutInSeconds"
        case containerStartupHealthCheckTimeoutInSeconds = "ContainerStartupHealthCheckTimeoutInSeconds"
    }
}

struct CaptureOptionShape: Codable, Sendable, Equatable {
    var captureMode: String
    enum CodingKeys: String, CodingKey { case captureMode = "CaptureMode" }
}

struct CaptureContentTypeHeaderShape: Codable, Sendable, Equatable {
    var csvContentTypes: [String]?
    var jsonContentTypes: [String]?
    enum CodingKeys: String, CodingKey { case csvContentTypes = "CsvContentTypes", jsonContentTypes = "JsonContentTypes" }
}

/// `DataCaptureConfig`: which requests and answers an endpoint writes to S3, and where.
struct DataCaptureConfigShape: Codable, Sendable, Equatable {
    var enableCapture: Bool?
    var initialSamplingPercentage: Int
    var destinationS3Uri: String
    var kmsKeyId: String?
    var captureOptions: [CaptureOptionShape]
    var captureContentTypeHeader: CaptureContentTypeHeaderShape?
    enum CodingKeys: String, CodingKey {
        case enableCapture = "EnableCapture", initialSamplingPercentage = "InitialSamplingPercentage", destinationS3Uri = "DestinationS3Uri"
        case kmsKeyId = "KmsKeyId", captureOptions = "CaptureOptions", captureContentTypeHeader = "CaptureContentTypeHeader"
    }
}

struct AsyncInferenceOutputConfigShape: Codable, Sendable, Equatable {
    var kmsKeyId: String?
    var s3OutputPath: String?
    var s3FailurePath: String?
    enum CodingKeys: String, CodingKey { case kmsKeyId = "KmsKeyId", s3OutputPath = "S3OutputPath", s3FailurePath = "S3FailurePath" }
}

struct AsyncInferenceClientConfigShape: Codable, Sendable, Equatable {
    var maxConcurrentInvocationsPerInstance: Int?
    enum CodingKeys: String, CodingKey { case maxConcurrentInvocationsPerInstance = "MaxConcurrentInvocationsPerInstance" }
}

/// `AsyncInferenceConfig`: where an asynchronous endpoint writes its answers and failures.
struct AsyncInferenceConfigShape: Codable, Sendable, Equatable {
    var clientConfig: AsyncInferenceClientConfigShape?
    var outputConfig: AsyncInferenceOutputConfigShape
    enum CodingKeys: String, CodingKey { case clientConfig = "ClientConfig", outputConfig = "OutputConfig" }
}

struct CreateEndpointConfigInput: Codable, Sendable {
    var endpointConfigName: String
    var productionVariants: [ProductionVariantShape]
    var dataCaptureConfig: DataCaptureConfigShape?
    var tags: [TagShape]?
    var kmsKeyId: String?
    var asyncInferenceConfig: AsyncInferenceConfigShape?
    var shadowProductionVariants: [ProductionVariantShape]?
    var executionRoleArn: String?
    enum CodingKeys: String, CodingKey {
        case endpointConfigName = "EndpointConfigName", productionVariants = "ProductionVariants", dataCaptureConfig = "DataCaptureConfig", tags = "Tags"
        case kmsKeyId = "KmsKeyId", asyncInferenceConfig = "AsyncInferenceConfig", shadowProductionVariants = "ShadowProductionVariants"
        case executionRoleArn = "ExecutionRoleArn"
    }
}

struct EndpointConfigArnOutput: Codable, Sendable {
    var endpointConfigArn: String
    enum CodingKeys: String, CodingKey { case endpointConfigArn = "EndpointConfigArn" }
}

struct EndpointConfigNameInput: Codable, Sendable {
    var endpointConfigName: String
    enum CodingKeys: String, CodingKey { case endpointConfigName = "EndpointConfigName" }
}

struct DescribeEndpointConfigOutput: Codable, Sendable {
    var endpointConfigName: String
    var endpointConfigArn: String
    var productionVariants: [ProductionVariantShape]
    var dataCaptureConfig: DataCaptureConfigShape?
    var kmsKeyId: String?
    var creationTime: Date
    var asyncInferenceConfig: AsyncInferenceConfigShape?
    enum CodingKeys: String, CodingKey {
        case endpointConfigName = "EndpointConfigName", endpointConfigArn = "EndpointConfigArn", productionVariants = "ProductionVariants"
        case dataCaptureConfig = "DataCaptureConfig", kmsKeyId = "KmsKeyId", creationTime = "CreationTime", asyncInferenceConfig = "AsyncInferenceConfig"
    }
}

struct EndpointConfigSummaryShape: Codable, Sendable {
    var endpointConfigName: String
    var endpointConfigArn: String
    var creationTime: Date
    enum CodingKeys: String, CodingKey { case endpointConfigName = "EndpointConfigName", endpointConfigArn = "EndpointConfigArn", creationTime = "CreationTime" }
}

struct ListEndpointConfigsOutput: Codable, Sendable {
    var endpointConfigs: [EndpointConfigSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case endpointConfigs = "EndpointConfigs", nextToken = "NextToken" }
}
