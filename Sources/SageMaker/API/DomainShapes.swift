import Foundation
import SlipwayCore

struct CreateDomainInput: Codable, Sendable {
    var domainName: String
    var authMode: String
    var defaultUserSettings: JSONValue
    var domainSettings: JSONValue?
    var subnetIds: [String]?
    var vpcId: String?
    var tags: [TagShape]?
    var appNetworkAccessType: String?
    enum CodingKeys: String, CodingKey {
        case domainName = "DomainName", authMode = "AuthMode", defaultUserSettings = "DefaultUserSettings", domainSettings = "DomainSettings"
        case subnetIds = "SubnetIds", vpcId = "VpcId", tags = "Tags", appNetworkAccessType = "AppNetworkAccessType"
    }
}

struct CreateDomainOutput: Codable, Sendable {
    var domainArn: String
    var domainId: String
    var url: String
    enum CodingKeys: String, CodingKey { case domainArn = "DomainArn", domainId = "DomainId", url = "Url" }
}

struct DomainIDInput: Codable, Sendable {
    var domainId: String
    enum CodingKeys: String, CodingKey { case domainId = "DomainId" }
}

struct DescribeDomainOutput: Codable, Sendable {
    var domainArn: String
    var domainId: String
    var domainName: String
    var status: String
    var creationTime: Date
    var lastModifiedTime: Date
    var authMode: String
    var defaultUserSettings: JSONValue
    var domainSettings: JSONValue?
    var appNetworkAccessType: String
    var subnetIds: [String]?
    var url: String
    var vpcId: String?
    enum CodingKeys: String, CodingKey {
        case domainArn = "DomainArn", domainId = "DomainId", domainName = "DomainName", status = "Status", creationTime = "CreationTime"
        case lastModifiedTime = "LastModifiedTime", authMode = "AuthMode", defaultUserSettings = "DefaultUserSettings", domainSettings = "DomainSettings"
        case appNetworkAccessType = "AppNetworkAccessType", subnetIds = "SubnetIds", url = "Url", vpcId = "VpcId"
    }
}

struct ListInput: Codable, Sendable {
    var nextToken: String?
    var maxResults: Int?
    enum CodingKeys: String, CodingKey { case nextToken = "NextToken", maxResults = "MaxResults" }
}

struct DomainDetailsShape: Codable, Sendable {
    var domainArn: String
    var domainId: String
    var domainName: String
    var status: String
    var creationTime: Date
    var lastModifiedTime: Date
    var url: String
    enum CodingKeys: String, CodingKey {
        case domainArn = "DomainArn", domainId = "DomainId", domainName = "DomainName", status = "Status", creationTime = "CreationTime"
        case lastModifiedTime = "LastModifiedTime", url = "Url"
    }
}

struct ListDomainsOutput: Codable, Sendable {
    var domains: [DomainDetailsShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case domains = "Domains", nextToken = "NextToken" }
}

struct UpdateDomainInput: Codable, Sendable {
    var domainId: String
    var defaultUserSettings: JSONValue?
    enum CodingKeys: String, CodingKey { case domainId = "DomainId", defaultUserSettings = "DefaultUserSettings" }
}

struct DomainArnOutput: Codable, Sendable {
    var domainArn: String
    enum CodingKeys: String, CodingKey { case domainArn = "DomainArn" }
}

struct CreateUserProfileInput: Codable, Sendable {
    var domainId: String
    var userProfileName: String
    var tags: [TagShape]?
    var userSettings: JSONValue?
    enum CodingKeys: String, CodingKey { case domainId = "DomainId", userProfileName = "UserProfileName", tags = "Tags", userSettings = "UserSettings" }
}

struct UserProfileArnOutput: Codable, Sendable {
    var userProfileArn: String
    enum CodingKeys: String, CodingKey { case userProfileArn = "UserProfileArn" }
}

struct UserProfileInput: Codable, Sendable {
    var domainId: String
    var userProfileName: String
    enum CodingKeys: String, CodingKey { case domainId = "DomainId", userProfileName = "UserProfileName" }
}

struct DescribeUserProfileOutput: Codable, Sendable {
    var domainId: String
    var userProfileArn: String
    var userProfileName: String
    var status: String
    var creationTime: Date
    var lastModifiedTime: Date
    var userSettings: JSONValue?
    enum CodingKeys: String, CodingKey {
        case domainId = "DomainId", userProfileArn = "UserProfileArn", userProfileName = "UserProfileName", status = "Status"
        case creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime", userSettings = "UserSettings"
    }
}

struct ListUserProfilesInput: Codable, Sendable {
    var nextToken: String?
    var maxResults: Int?
    var sortOrder: String?
    var sortBy: String?
    var domainIdEquals: String?
    var userProfileNameContains: String?
    enum CodingKeys: String, CodingKey {
        case nextToken = "NextToken", maxResults = "MaxResults", sortOrder = "SortOrder", sortBy = "SortBy", domainIdEquals = "DomainIdEquals"
        case userProfileNameContains = "UserProfileNameContains"
    }
}

struct UserProfileDetailsShape: Codable, Sendable {
    var domainId: String
    var userProfileName: String
    var status: String
    var creationTime: Date
    var lastModifiedTime: Date
    enum CodingKeys: String, CodingKey {
        case domainId = "DomainId", userProfileName = "UserProfileName", status = "Status", creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime"
    }
}

struct ListUserProfilesOutput: Codable, Sendable {
    var userProfiles: [UserProfileDetailsShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case userProfiles = "UserProfiles", nextToken = "NextToken" }
}

struct CreatePresignedDomainUrlInput: Codable, Sendable {
    var domainId: String
    var userProfileName: String
    var sessionExpirationDurationInSeconds: Int?
    var expiresInSeconds: Int?
    var spaceName: String?
    var landingUri: String?
    enum CodingKeys: String, CodingKey {
        case domainId = "DomainId", userProfileName = "UserProfileName", sessionExpirationDurationInSeconds = "SessionExpirationDurationInSeconds"
        case expiresInSeconds = "ExpiresInSeconds", spaceName = "SpaceName", landingUri = "LandingUri"
    }
}

struct AuthorizedUrlShape: Codable, Sendable {
    var authorizedUrl: String
    enum CodingKeys: String, CodingKey { case authorizedUrl = "AuthorizedUrl" }
}
