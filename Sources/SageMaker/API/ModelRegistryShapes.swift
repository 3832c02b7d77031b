import Foundation
import SlipwayCore

struct CreateModelPackageGroupInput: Codable, Sendable {
    var modelPackageGroupName: String
    var modelPackageGroupDescription: String?
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey {
        case modelPackageGroupName = "ModelPackageGroupName", modelPackageGroupDescription = "ModelPackageGroupDescription", tags = "Tags"
    }
}

struct ModelPackageGroupArnOutput: Codable, Sendable {
    var modelPackageGroupArn: String
    enum CodingKeys: String, CodingKey { case modelPackageGroupArn = "ModelPackageGroupArn" }
}

struct ModelPackageGroupNameInput: Codable, Sendable {
    var modelPackageGroupName: String
    enum CodingKeys: String, CodingKey { case modelPackageGroupName = "ModelPackageGroupName" }
}

struct DescribeModelPackageGroupOutput: Codable, Sendable {
    var modelPackageGroupName: String
    var modelPackageGroupArn: String
    var modelPackageGroupDescription: String?
    var creationTime: Date
    var createdBy: UserContextShape
    var modelPackageGroupStatus: String
    enum CodingKeys: String, CodingKey {
        case modelPackageGroupName = "ModelPackageGroupName", modelPackageGroupArn = "ModelPackageGroupArn"
        case modelPackageGroupDescription = "ModelPackageGroupDescription", creationTime = "CreationTime", createdBy = "CreatedBy"
        case modelPackageGroupStatus = "ModelPackageGroupStatus"
    }
}

typealias ListModelPackageGroupsInput = NameFilteredListInput

struct ModelPackageGroupSummaryShape: Codable, Sendable {
    var modelPackageGroupName: String
    var modelPackageGroupArn: String
    var modelPackageGroupDescription: String?
    var creationTime: Date
    var modelPackageGroupStatus: String
    enum CodingKeys: String, CodingKey {
        case modelPackageGroupName = "ModelPackageGroupName", modelPackageGroupArn = "ModelPackageGroupArn"
        case modelPackageGroupDescription = "ModelPackageGroupDescription", creationTime = "CreationTime", modelPackageGroupStatus = "ModelPackageGroupStatus"
    }
}

struct ListModelPackageGroupsOutput: Codable, Sendable {
    var modelPackageGroupSummaryList: [ModelPackageGroupSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case modelPackageGroupSummaryList = "ModelPackageGroupSummaryList", nextToken = "NextToken" }
}

struct CreateModelPackageInput: Codable, Sendable {
    var modelPackageName: String?
    var modelPackageGroupName: String?
    var modelPackageDescription: String?
    var inferenceSpecification: JSONValue?
    var modelApprovalStatus: String?
    var metadataProperties: JSONValue?
    var modelMetrics: JSONValue?
    var customerMetadataProperties: [String: String]?
    var modelCard: JSONValue?
    var domain: String?
    var task: String?
    var samplePayloadUrl: String?
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey {
        case modelPackageName = "ModelPackageName", modelPackageGroupName = "ModelPackageGroupName", modelPackageDescription = "ModelPackageDescription"
        case inferenceSpecification = "InferenceSpecification", modelApprovalStatus = "ModelApprovalStatus", metadataProperties = "MetadataProperties"
        case modelMetrics = "ModelMetrics", customerMetadataProperties = "CustomerMetadataProperties", modelCard = "ModelCard", domain = "Domain"
        case task = "Task", samplePayloadUrl = "SamplePayloadUrl", tags = "Tags"
    }
}

struct ModelPackageArnOutput: Codable, Sendable {
    var modelPackageArn: String
    enum CodingKeys: String, CodingKey { case modelPackageArn = "ModelPackageArn" }
}

struct ModelPackageNameInput: Codable, Sendable {
    var modelPackageName: String
    enum CodingKeys: String, CodingKey { case modelPackageName = "ModelPackageName" }
}

struct ModelPackageStatusDetailsShape: Codable, Sendable {
    var validationStatuses: [String] = []
    enum CodingKeys: String, CodingKey { case validationStatuses = "ValidationStatuses" }
}

struct DescribeModelPackageOutput: Codable, Sendable {
    var modelPackageName: String
    var modelPackageGroupName: String
    var modelPackageVersion: Int
    var modelPackageArn: String
    var modelPackageDescription: String?
    var creationTime: Date
    var inferenceSpecification: JSONValue?
    var modelPackageStatus: String
    var modelPackageStatusDetails: ModelPackageStatusDetailsShape
    var modelApprovalStatus: String
    var createdBy: UserContextShape
    var metadataProperties: JSONValue?
    var modelMetrics: JSONValue?
    var lastModifiedTime: Date?
    var lastModifiedBy: UserContextShape?
    var approvalDescription: String?
    var domain: String?
    var task: String?
    var samplePayloadUrl: String?
    var customerMetadataProperties: [String: String]?
    var modelCard: JSONValue?
    enum CodingKeys: String, CodingKey {
        case modelPackageName = "ModelPackageName", modelPackageGroupName = "ModelPackageGroupName", modelPackageVersion = "ModelPackageVersion"
        case modelPackageArn = "ModelPackageArn", modelPackageDescription = "ModelPackageDescription", creationTime = "CreationTime"
        case inferenceSpecification = "InferenceSpecification", modelPackageStatus = "ModelPackageStatus"
        case modelPackageStatusDetails = "ModelPackageStatusDetails", modelApprovalStatus = "ModelApprovalStatus", createdBy = "CreatedBy"
        case metadataProperties = "MetadataProperties", modelMetrics = "ModelMetrics", lastModifiedTime = "LastModifiedTime"
        case lastModifiedBy = "LastModifiedBy", approvalDescription = "ApprovalDescription", domain = "Domain", task = "Task"
        case samplePayloadUrl = "SamplePayloadUrl", customerMetadataProperties = "CustomerMetadataProperties", modelCard = "ModelCard"
    }
}

struct ListModelPackagesInput: Codable, Sendable {
    var creationTimeAfter: Date?
    var creationTimeBefore: Date?
    var maxResults: Int?
    var nameContains: String?
    var modelApprovalStatus: String?
    var modelPackageGroupName: String?
    var modelPackageType: String?
    var nextToken: String?
    var sortBy: String?
    var sortOrder: String?
    enum CodingKeys: String, CodingKey {
        case creationTimeAfter = "CreationTimeAfter", creationTimeBefore = "CreationTimeBefore", maxResults = "MaxResults", nameContains = "NameContains"
        case modelApprovalStatus = "ModelApprovalStatus", modelPackageGroupName = "ModelPackageGroupName", modelPackageType = "ModelPackageType"
        case nextToken = "NextToken", sortBy = "SortBy", sortOrder = "SortOrder"
    }
}

struct ModelPackageSummaryShape: Codable, Sendable {
    var modelPackageName: String
    var modelPackageGroupName: String
    var modelPackageVersion: Int
    var modelPackageArn: String
    var modelPackageDescription: String?
    var creationTime: Date
    var modelPackageStatus: String
    var modelApprovalStatus: String
    enum CodingKeys: String, CodingKey {
        case modelPackageName = "ModelPackageName", modelPackageGroupName = "ModelPackageGroupName", modelPackageVersion = "ModelPackageVersion"
        case modelPackageArn = "ModelPackageArn", modelPackageDescription = "ModelPackageDescription", creationTime = "CreationTime"
        case modelPackageStatus = "ModelPackageStatus", modelApprovalStatus = "ModelApprovalStatus"
    }
}

struct ListModelPackagesOutput: Codable, Sendable {
    var modelPackageSummaryList: [ModelPackageSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case modelPackageSummaryList = "ModelPackageSummaryList", nextToken = "NextToken" }
}

struct UpdateModelPackageInput: Codable, Sendable {
    var modelPackageArn: String
    var modelApprovalStatus: String?
    var approvalDescription: String?
    var customerMetadataProperties: [String: String]?
    var customerMetadataPropertiesToRemove: [String]?
    var modelCard: JSONValue?
    enum CodingKeys: String, CodingKey {
        case modelPackageArn = "ModelPackageArn", modelApprovalStatus = "ModelApprovalStatus", approvalDescription = "ApprovalDescription"
        case customerMetadataProperties = "CustomerMetadataProperties", customerMetadataPropertiesToRemove = "CustomerMetadataPropertiesToRemove"
        case modelCard = "ModelCard"
    }
}
