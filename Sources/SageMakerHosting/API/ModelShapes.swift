import Foundation

/// A SageMaker tag as the hosting operations take it.
struct TagShape: Codable, Sendable, Equatable {
    var key: String
    var value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

/// An operation's empty answer.
struct EmptyOutput: Codable, Sendable {}

/// `S3ModelDataSource`: uncompressed model data under an S3 prefix or object.
struct S3ModelDataSourceShape: Codable, Sendable, Equatable {
    var s3Uri: String
    var s3DataType: String
    var compressionType: String
    enum CodingKeys: String, CodingKey { case s3Uri = "S3Uri", s3DataType = "S3DataType", compressionType = "CompressionType" }
}

struct ModelDataSourceShape: Codable, Sendable, Equatable {
    var s3DataSource: S3ModelDataSourceShape?
    enum CodingKeys: String, CodingKey { case s3DataSource = "S3DataSource" }
}

/// `ContainerDefinition`: an image with its model data and environment, or a model package standing for them.
struct ContainerDefinitionShape: Codable, Sendable, Equatable {
    var containerHostname: String?
    var image: String?
    var mode: String?
    var modelDataUrl: String?
    var modelDataSource: ModelDataSourceShape?
    var environment: [String: String]?
    var modelPackageName: String?
    var inferenceSpecificationName: String?
    enum CodingKeys: String, CodingKey {
        case containerHostname = "ContainerHostname", image = "Image", mode = "Mode", modelDataUrl = "ModelDataUrl", modelDataSource = "ModelDataSource"
        case environment = "Environment", modelPackageName = "ModelPackageName", inferenceSpecificationName = "InferenceSpecificationName"
    }
}

struct CreateModelInput: Codable, Sendable {
    var modelName: String
    var primaryContainer: ContainerDefinitionShape?
    var containers: [ContainerDefinitionShape]?
    var executionRoleArn: String?
    var tags: [TagShape]?
    var enableNetworkIsolation: Bool?
    enum CodingKeys: String, CodingKey {
        case modelName = "ModelName", primaryContainer = "PrimaryContainer", containers = "Containers", executionRoleArn = "ExecutionRoleArn"
        case tags = "Tags", enableNetworkIsolation = "EnableNetworkIsolation"
    }
}

struct ModelArnOutput: Codable, Sendable {
    var modelArn: String
    enum CodingKeys: String, CodingKey { case modelArn = "ModelArn" }
}

struct ModelNameInput: Codable, Sendable {
    var modelName: String
    enum CodingKeys: String, CodingKey { case modelName = "ModelName" }
}

struct DescribeModelOutput: Codable, Sendable {
    var modelName: String
    var primaryContainer: ContainerDefinitionShape?
    var containers: [ContainerDefinitionShape]?
    var executionRoleArn: String?
    var creationTime: Date
    var modelArn: String
    var enableNetworkIsolation: Bool
    enum CodingKeys: String, CodingKey {
        case modelName = "ModelName", primaryContainer = "PrimaryContainer", containers = "Containers", executionRoleArn = "ExecutionRoleArn"
        case creationTime = "CreationTime", modelArn = "ModelArn", enableNetworkIsolation = "EnableNetworkIsolation"
    }
}

/// One entry of `ListModels`.
struct ModelSummaryShape: Codable, Sendable {
    var modelName: String
    var modelArn: String
    var creationTime: Date
    enum CodingKeys: String, CodingKey { case modelName = "ModelName", modelArn = "ModelArn", creationTime = "CreationTime" }
}

struct ListModelsOutput: Codable, Sendable {
    var models: [ModelSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case models = "Models", nextToken = "NextToken" }
}
