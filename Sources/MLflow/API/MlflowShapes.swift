import Foundation

struct TagShape: Codable, Sendable, Equatable {
    var key: String
    var value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
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

// MARK: Tracking servers

struct CreateMlflowTrackingServerInput: Codable, Sendable {
    var trackingServerName: String
    var artifactStoreUri: String
    var trackingServerSize: String?
    var mlflowVersion: String?
    var roleArn: String
    var automaticModelRegistration: Bool?
    var weeklyMaintenanceWindowStart: String?
    var tags: [TagShape]?
    var s3BucketOwnerAccountId: String?
    var s3BucketOwnerVerification: Bool?
    enum CodingKeys: String, CodingKey {
        case trackingServerName = "TrackingServerName", artifactStoreUri = "ArtifactStoreUri", trackingServerSize = "TrackingServerSize"
        case mlflowVersion = "MlflowVersion", roleArn = "RoleArn", automaticModelRegistration = "AutomaticModelRegistration"
        case weeklyMaintenanceWindowStart = "WeeklyMaintenanceWindowStart", tags = "Tags", s3BucketOwnerAccountId = "S3BucketOwnerAccountId"
        case s3BucketOwnerVerification = "S3BucketOwnerVerification"
    }
}

struct UpdateMlflowTrackingServerInput: Codable, Sendable {
    var trackingServerName: String
    var artifactStoreUri: String?
    var trackingServerSize: String?
    var automaticModelRegistration: Bool?
    var weeklyMaintenanceWindowStart: String?
    var s3BucketOwnerAccountId: String?
    var s3BucketOwnerVerification: Bool?
    enum CodingKeys: String, CodingKey {
        case trackingServerName = "TrackingServerName", artifactStoreUri = "ArtifactStoreUri", trackingServerSize = "TrackingServerSize"
        case automaticModelRegistration = "AutomaticModelRegistration", weeklyMaintenanceWindowStart = "WeeklyMaintenanceWindowStart"
        case s3BucketOwnerAccountId = "S3BucketOwnerAccountId", s3BucketOwnerVerification = "S3BucketOwnerVerification"
    }
}

struct TrackingServerNameInput: Codable, Sendable {
    var trackingServerName: String
    enum CodingKeys: String, CodingKey { case trackingServerName = "TrackingServerName" }
}

struct TrackingServerArnOutput: Codable, Sendable {
    var trackingServerArn: String
    enum CodingKeys: String, CodingKey { case trackingServerArn = "TrackingServerArn" }
}

struct DescribeMlflowTrackingServerOutput: Codable, Sendable {
    var trackingServerArn: String
    var trackingServerName: String
    var artifactStoreUri: String
    var trackingServerSize: String
    var mlflowVersion: String
    var roleArn: String
    var trackingServerStatus: String
    var trackingServerMaintenanceStatus: String?
    var isActive: String
    var trackingServerUrl: String?
    var weeklyMaintenanceWindowStart: String?
    var automaticModelRegistration: Bool
    var creationTime: Date
    var createdBy: UserContextShape
    var lastModifiedTime: Date
    var lastModifiedBy: UserContextShape
    var s3BucketOwnerAccountId: String?
    var s3BucketOwnerVerification: Bool?
    enum CodingKeys: String, CodingKey {
        case trackingServerArn = "TrackingServerArn", trackingServerName = "TrackingServerName", artifactStoreUri = "ArtifactStoreUri"
        case trackingServerSize = "TrackingServerSize", mlflowVersion = "MlflowVersion", roleArn = "RoleArn", trackingServerStatus = "TrackingServerStatus"
        case trackingServerMaintenanceStatus = "TrackingServerMaintenanceStatus", isActive = "IsActive", trackingServerUrl = "TrackingServerUrl"
        case weeklyMaintenanceWindowStart = "WeeklyMaintenanceWindowStart", automaticModelRegistration = "AutomaticModelRegistration"
        case creationTime = "CreationTime", createdBy = "CreatedBy", lastModifiedTime = "LastModifiedTime", lastModifiedBy = "LastModifiedBy"
        case s3BucketOwnerAccountId = "S3BucketOwnerAccountId", s3BucketOwnerVerification = "S3BucketOwnerVerification"
    }
}

struct ListMlflowTrackingServersInput: Codable, Sendable {
    var createdAfter: Date?
    var createdBefore: Date?
    var trackingServerStatus: String?
    var mlflowVersion: String?
    var sortBy: String?
    var sortOrder: String?
    var nextToken: String?
    var maxResults: Int?
    enum CodingKeys: String, CodingKey {
        case createdAfter = "CreatedAfter", createdBefore = "CreatedBefore", trackingServerStatus = "TrackingServerStatus", mlflowVersion = "MlflowVersion"
        case sortBy = "SortBy", sortOrder = "SortOrder", nextToken = "NextToken", maxResults = "MaxResults"
    }
}

struct TrackingServerSummaryShape: Codable, Sendable {
    var trackingServerArn: String
    var trackingServerName: String
    var creationTime: Date
    var lastModifiedTime: Date
    var trackingServerStatus: String
    var isActive: String
    var mlflowVersion: String
    enum CodingKeys: String, CodingKey {
        case trackingServerArn = "TrackingServerArn", trackingServerName = "TrackingServerName", creationTime = "CreationTime"
        case lastModifiedTime = "LastModifiedTime", trackingServerStatus = "TrackingServerStatus", isActive = "IsActive", mlflowVersion = "MlflowVersion"
    }
}

struct ListMlflowTrackingServersOutput: Codable, Sendable {
    var trackingServerSummaries: [TrackingServerSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case trackingServerSummaries = "TrackingServerSummaries", nextToken = "NextToken" }
}

struct CreatePresignedMlflowTrackingServerUrlInput: Codable, Sendable {
    var trackingServerName: String
    var expiresInSeconds: Int?
    var sessionExpirationDurationInSeconds: Int?
    enum CodingKeys: String, CodingKey {
        case trackingServerName = "TrackingServerName", expiresInSeconds = "ExpiresInSeconds"
        case sessionExpirationDurationInSeconds = "SessionExpirationDurationInSeconds"
    }
}

struct AuthorizedUrlOutput: Codable, Sendable {
    var authorizedUrl: String
    enum CodingKeys: String, CodingKey { case authorizedUrl = "AuthorizedUrl" }
}

// MARK: Apps

struct CreateMlflowAppInput: Codable, Sendable {
    var name: String
    var artifactStoreUri: String
    var roleArn: String
    var modelRegistrationMode: String?
    var weeklyMaintenanceWindowStart: String?
    var accountDefaultStatus: String?
    var defaultDomainIdList: [String]?
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey {
        case name = "Name", artifactStoreUri = "ArtifactStoreUri", roleArn = "RoleArn", modelRegistrationMode = "ModelRegistrationMode"
        case weeklyMaintenanceWindowStart = "WeeklyMaintenanceWindowStart", accountDefaultStatus = "AccountDefaultStatus"
        case defaultDomainIdList = "DefaultDomainIdList", tags = "Tags"
    }
}

struct UpdateMlflowAppInput: Codable, Sendable {
    var arn: String
    var name: String?
    var artifactStoreUri: String?
    var modelRegistrationMode: String?
    var weeklyMaintenanceWindowStart: String?
    var defaultDomainIdList: [String]?
    var accountDefaultStatus: String?
    enum CodingKeys: String, CodingKey {
        case arn = "Arn", name = "Name", artifactStoreUri = "ArtifactStoreUri", modelRegistrationMode = "ModelRegistrationMode"
        case weeklyMaintenanceWindowStart = "WeeklyMaintenanceWindowStart", defaultDomainIdList = "DefaultDomainIdList"
        case accountDefaultStatus = "AccountDefaultStatus"
    }
}

struct AppArnShape: Codable, Sendable {
    var arn: String
    enum CodingKeys: String, CodingKey { case arn = "Arn" }
}

struct DescribeMlflowAppOutput: Codable, Sendable {
    var arn: String
    var name: String
    var artifactStoreUri: String
    var mlflowVersion: String
    var roleArn: String
    var status: String
    var modelRegistrationMode: String
    var accountDefaultStatus: String
    var defaultDomainIdList: [String]?
    var creationTime: Date
    var createdBy: UserContextShape
    var lastModifiedTime: Date
    var lastModifiedBy: UserContextShape
    var weeklyMaintenanceWindowStart: String?
    var maintenanceStatus: String?
    enum CodingKeys: String, CodingKey {
        case arn = "Arn", name = "Name", artifactStoreUri = "ArtifactStoreUri", mlflowVersion = "MlflowVersion", roleArn = "RoleArn", status = "Status"
        case modelRegistrationMode = "ModelRegistrationMode", accountDefaultStatus = "AccountDefaultStatus", defaultDomainIdList = "DefaultDomainIdList"
        case creationTime = "CreationTime", createdBy = "CreatedBy", lastModifiedTime = "LastModifiedTime", lastModifiedBy = "LastModifiedBy"
        case weeklyMaintenanceWindowStart = "WeeklyMaintenanceWindowStart", maintenanceStatus = "MaintenanceStatus"
    }
}

struct ListMlflowAppsInput: Codable, Sendable {
    var createdAfter: Date?
    var createdBefore: Date?
    var status: String?
    var mlflowVersion: String?
    var defaultForDomainId: String?
    var accountDefaultStatus: String?
    var sortBy: String?
    var sortOrder: String?
    var nextToken: String?
    var maxResults: Int?
    enum CodingKeys: String, CodingKey {
        case createdAfter = "CreatedAfter", createdBefore = "CreatedBefore", status = "Status", mlflowVersion = "MlflowVersion"
        case defaultForDomainId = "DefaultForDomainId", accountDefaultStatus = "AccountDefaultStatus", sortBy = "SortBy", sortOrder = "SortOrder"
        case nextToken = "NextToken", maxResults = "MaxResults"
    }
}

struct MlflowAppSummaryShape: Codable, Sendable {
    var arn: String
    var name: String
    var status: String
    var creationTime: Date
    var lastModifiedTime: Date
    var mlflowVersion: String
    enum CodingKeys: String, CodingKey {
        case arn = "Arn", name = "Name", status = "Status", creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime", mlflowVersion = "MlflowVersion"
    }
}

struct ListMlflowAppsOutput: Codable, Sendable {
    var summaries: [MlflowAppSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case summaries = "Summaries", nextToken = "NextToken" }
}

struct CreatePresignedMlflowAppUrlInput: Codable, Sendable {
    var arn: String
    var expiresInSeconds: Int?
    var sessionExpirationDurationInSeconds: Int?
    enum CodingKeys: String, CodingKey {
        case arn = "Arn", expiresInSeconds = "ExpiresInSeconds", sessionExpirationDurationInSeconds = "SessionExpirationDurationInSeconds"
    }
}
