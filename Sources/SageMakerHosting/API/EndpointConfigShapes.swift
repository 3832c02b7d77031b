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

struct CreateEndpointConfigInput: Codable, Sendable {
    var endpointConfigName: String
    var productionVariants: [ProductionVariantShape]
    var dataCaptureConfig: DataCaptureConfigShape?
    var tags: [TagShape]?
    var kmsKeyId: String?
    var shadowProductionVariants: [ProductionVariantShape]?
    var executionRoleArn: String?
    enum CodingKeys: String, CodingKey {
        case endpointConfigName = "EndpointConfigName", productionVariants = "ProductionVariants", dataCaptureConfig = "DataCaptureConfig", tags = "Tags"
        case kmsKeyId = "KmsKeyId", shadowProductionVariants = "ShadowProductionVariants"
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
    enum CodingKeys: String, CodingKey {
        case endpointConfigName = "EndpointConfigName", endpointConfigArn = "EndpointConfigArn", productionVariants = "ProductionVariants"
        case dataCaptureConfig = "DataCaptureConfig", kmsKeyId = "KmsKeyId", creationTime = "CreationTime"
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
