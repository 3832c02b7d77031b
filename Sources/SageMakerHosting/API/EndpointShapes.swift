import Foundation

struct CreateEndpointInput: Codable, Sendable {
    var endpointName: String
    var endpointConfigName: String
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey { case endpointName = "EndpointName", endpointConfigName = "EndpointConfigName", tags = "Tags" }
}

struct UpdateEndpointInput: Codable, Sendable {
    var endpointName: String
    var endpointConfigName: String
    var retainAllVariantProperties: Bool?
    enum CodingKeys: String, CodingKey {
        case endpointName = "EndpointName", endpointConfigName = "EndpointConfigName", retainAllVariantProperties = "RetainAllVariantProperties"
    }
}

struct DesiredWeightAndCapacityShape: Codable, Sendable {
    var variantName: String
    var desiredWeight: Float?
    var desiredInstanceCount: Int?
    enum CodingKeys: String, CodingKey { case variantName = "VariantName", desiredWeight = "DesiredWeight", desiredInstanceCount = "DesiredInstanceCount" }
}

struct UpdateEndpointWeightsAndCapacitiesInput: Codable, Sendable {
    var endpointName: String
    var desiredWeightsAndCapacities: [DesiredWeightAndCapacityShape]
    enum CodingKeys: String, CodingKey { case endpointName = "EndpointName", desiredWeightsAndCapacities = "DesiredWeightsAndCapacities" }
}

struct EndpointArnOutput: Codable, Sendable {
    var endpointArn: String
    enum CodingKeys: String, CodingKey { case endpointArn = "EndpointArn" }
}

struct EndpointNameInput: Codable, Sendable {
    var endpointName: String
    enum CodingKeys: String, CodingKey { case endpointName = "EndpointName" }
}

struct DeployedImageShape: Codable, Sendable, Equatable {
    var specifiedImage: String?
    var resolvedImage: String?
    var resolutionTime: Date?
    enum CodingKeys: String, CodingKey { case specifiedImage = "SpecifiedImage", resolvedImage = "ResolvedImage", resolutionTime = "ResolutionTime" }
}

struct VariantStatusShape: Codable, Sendable, Equatable {
    var status: String
    var statusMessage: String?
    var startTime: Date?
    enum CodingKeys: String, CodingKey { case status = "Status", statusMessage = "StatusMessage", startTime = "StartTime" }
}

struct ProductionVariantSummaryShape: Codable, Sendable {
    var variantName: String
    var deployedImages: [DeployedImageShape]?
    var currentWeight: Float?
    var desiredWeight: Float?
    var currentInstanceCount: Int?
    var desiredInstanceCount: Int?
    var variantStatus: [VariantStatusShape]?
    enum CodingKeys: String, CodingKey {
        case variantName = "VariantName", deployedImages = "DeployedImages", currentWeight = "CurrentWeight", desiredWeight = "DesiredWeight"
        case currentInstanceCount = "CurrentInstanceCount", desiredInstanceCount = "DesiredInstanceCount", variantStatus = "VariantStatus"
    }
}

struct PendingProductionVariantSummaryShape: Codable, Sendable {
    var variantName: String
    var deployedImages: [DeployedImageShape]?
    var currentWeight: Float?
    var desiredWeight: Float?
    var currentInstanceCount: Int?
    var desiredInstanceCount: Int?
    var instanceType: String?
    var variantStatus: [VariantStatusShape]?
    enum CodingKeys: String, CodingKey {
        case variantName = "VariantName", deployedImages = "DeployedImages", currentWeight = "CurrentWeight", desiredWeight = "DesiredWeight"
        case currentInstanceCount = "CurrentInstanceCount", desiredInstanceCount = "DesiredInstanceCount", instanceType = "InstanceType"
        case variantStatus = "VariantStatus"
    }
}

struct PendingDeploymentSummaryShape: Codable, Sendable {
    var endpointConfigName: String
    var productionVariants: [PendingProductionVariantSummaryShape]?
    var startTime: Date?
    enum CodingKeys: String, CodingKey { case endpointConfigName = "EndpointConfigName", productionVariants = "ProductionVariants", startTime = "StartTime" }
}

struct DataCaptureConfigSummaryShape: Codable, Sendable {
    var enableCapture: Bool
    var captureStatus: String
    var currentSamplingPercentage: Int
    var destinationS3Uri: String
    var kmsKeyId: String
    enum CodingKeys: String, CodingKey {
        case enableCapture = "EnableCapture", captureStatus = "CaptureStatus", currentSamplingPercentage = "CurrentSamplingPercentage"
        case destinationS3Uri = "DestinationS3Uri", kmsKeyId = "KmsKeyId"
    }
}

struct DescribeEndpointOutput: Codable, Sendable {
    var endpointName: String
    var endpointArn: String
    var endpointConfigName: String?
    var productionVariants: [ProductionVariantSummaryShape]?
    var dataCaptureConfig: DataCaptureConfigSummaryShape?
    var endpointStatus: String
    var failureReason: String?
    var creationTime: Date
    var lastModifiedTime: Date
    var pendingDeploymentSummary: PendingDeploymentSummaryShape?
    enum CodingKeys: String, CodingKey {
        case endpointName = "EndpointName", endpointArn = "EndpointArn", endpointConfigName = "EndpointConfigName"
        case productionVariants = "ProductionVariants", dataCaptureConfig = "DataCaptureConfig", endpointStatus = "EndpointStatus"
        case failureReason = "FailureReason", creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime"
        case pendingDeploymentSummary = "PendingDeploymentSummary"
    }
}

struct EndpointSummaryShape: Codable, Sendable {
    var endpointName: String
    var endpointArn: String
    var creationTime: Date
    var lastModifiedTime: Date
    var endpointStatus: String
    enum CodingKeys: String, CodingKey {
        case endpointName = "EndpointName", endpointArn = "EndpointArn", creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime"
        case endpointStatus = "EndpointStatus"
    }
}

struct ListEndpointsOutput: Codable, Sendable {
    var endpoints: [EndpointSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case endpoints = "Endpoints", nextToken = "NextToken" }
}

/// A `List*` request of the hosting operations: name, time and status filters, a sort and a page.
struct HostingListing: Codable, Sendable {
    var nameContains: String?
    var statusEquals: String?
    var sortBy: String?
    var sortOrder: String?
    var nextToken: String?
    var maxResults: Int?
    var creationTimeBefore: Date?
    var creationTimeAfter: Date?
    var lastModifiedTimeBefore: Date?
    var lastModifiedTimeAfter: Date?
    enum CodingKeys: String, CodingKey {
        case nextToken = "NextToken", maxResults = "MaxResults", nameContains = "NameContains", statusEquals = "StatusEquals"
        case sortBy = "SortBy", sortOrder = "SortOrder", creationTimeBefore = "CreationTimeBefore", creationTimeAfter = "CreationTimeAfter"
        case lastModifiedTimeBefore = "LastModifiedTimeBefore", lastModifiedTimeAfter = "LastModifiedTimeAfter"
    }
}
