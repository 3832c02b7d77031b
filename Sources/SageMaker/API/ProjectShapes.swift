import Foundation

struct CfnStackParameterShape: Codable, Sendable, Hashable {
    var key: String
    var value: String?
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

struct CfnTemplateProviderShape: Codable, Sendable {
    var templateName: String
    var templateURL: String
    var roleARN: String?
    var parameters: [CfnStackParameterShape]?
    enum CodingKeys: String, CodingKey { case templateName = "TemplateName", templateURL = "TemplateURL", roleARN = "RoleARN", parameters = "Parameters" }
}

struct TemplateProviderShape: Codable, Sendable {
    var cfnTemplateProvider: CfnTemplateProviderShape?
    enum CodingKeys: String, CodingKey { case cfnTemplateProvider = "CfnTemplateProvider" }
}

struct CreateProjectInput: Codable, Sendable {
    var projectName: String
    var projectDescription: String?
    var serviceCatalogProvisioningDetails: JSONValueBox?
    var tags: [TagShape]?
    var templateProviders: [TemplateProviderShape]?
    enum CodingKeys: String, CodingKey {
        case projectName = "ProjectName", projectDescription = "ProjectDescription", tags = "Tags", templateProviders = "TemplateProviders"
        case serviceCatalogProvisioningDetails = "ServiceCatalogProvisioningDetails"
    }
}

/// A member Slipway accepts only to refuse it with an explanation.
struct JSONValueBox: Codable, Sendable {
    init(from decoder: any Decoder) throws {}
    func encode(to encoder: any Encoder) throws {}
}

struct CreateProjectOutput: Codable, Sendable {
    var projectArn: String
    var projectId: String
    enum CodingKeys: String, CodingKey { case projectArn = "ProjectArn", projectId = "ProjectId" }
}

struct ProjectNameInput: Codable, Sendable {
    var projectName: String
    enum CodingKeys: String, CodingKey { case projectName = "ProjectName" }
}

struct CfnStackDetailShape: Codable, Sendable {
    var name: String?
    var id: String?
    var statusMessage: String
    enum CodingKeys: String, CodingKey { case name = "Name", id = "Id", statusMessage = "StatusMessage" }
}

struct CfnTemplateProviderDetailShape: Codable, Sendable {
    var templateName: String
    var templateURL: String
    var roleARN: String?
    var parameters: [CfnStackParameterShape]?
    var stackDetail: CfnStackDetailShape?
    enum CodingKeys: String, CodingKey {
        case templateName = "TemplateName", templateURL = "TemplateURL", roleARN = "RoleARN", parameters = "Parameters", stackDetail = "StackDetail"
    }
}

struct TemplateProviderDetailShape: Codable, Sendable {
    var cfnTemplateProviderDetail: CfnTemplateProviderDetailShape
    enum CodingKeys: String, CodingKey { case cfnTemplateProviderDetail = "CfnTemplateProviderDetail" }
}

struct IamIdentityShape: Codable, Sendable {
    var arn: String?
    var principalId: String?
    enum CodingKeys: String, CodingKey { case arn = "Arn", principalId = "PrincipalId" }
}

struct UserContextShape: Codable, Sendable {
    var userProfileArn: String?
    var userProfileName: String?
    var domainId: String?
    var iamIdentity: IamIdentityShape?
    enum CodingKeys: String, CodingKey {
        case userProfileArn = "UserProfileArn", userProfileName = "UserProfileName", domainId = "DomainId", iamIdentity = "IamIdentity"
    }
}

struct DescribeProjectOutput: Codable, Sendable {
    var projectArn: String
    var projectName: String
    var projectId: String
    var projectDescription: String?
    var projectStatus: String
    var templateProviderDetails: [TemplateProviderDetailShape]?
    var createdBy: UserContextShape?
    var creationTime: Date
    var lastModifiedTime: Date?
    var lastModifiedBy: UserContextShape?
    enum CodingKeys: String, CodingKey {
        case projectArn = "ProjectArn", projectName = "ProjectName", projectId = "ProjectId", projectDescription = "ProjectDescription"
        case projectStatus = "ProjectStatus", templateProviderDetails = "TemplateProviderDetails", createdBy = "CreatedBy"
        case creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime", lastModifiedBy = "LastModifiedBy"
    }
}

typealias ListProjectsInput = NameFilteredListInput

struct ProjectSummaryShape: Codable, Sendable {
    var projectName: String
    var projectDescription: String?
    var projectArn: String
    var projectId: String
    var creationTime: Date
    var projectStatus: String
    enum CodingKeys: String, CodingKey {
        case projectName = "ProjectName", projectDescription = "ProjectDescription", projectArn = "ProjectArn", projectId = "ProjectId"
        case creationTime = "CreationTime", projectStatus = "ProjectStatus"
    }
}

struct ListProjectsOutput: Codable, Sendable {
    var projectSummaryList: [ProjectSummaryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case projectSummaryList = "ProjectSummaryList", nextToken = "NextToken" }
}

struct UpdateTemplateProviderShape: Codable, Sendable {
    var cfnTemplateProvider: CfnTemplateProviderShape?
    enum CodingKeys: String, CodingKey { case cfnTemplateProvider = "CfnTemplateProvider" }
}

struct UpdateProjectInput: Codable, Sendable {
    var projectName: String
    var projectDescription: String?
    var tags: [TagShape]?
    var templateProvidersToUpdate: [UpdateTemplateProviderShape]?
    enum CodingKeys: String, CodingKey {
        case projectName = "ProjectName", projectDescription = "ProjectDescription", tags = "Tags", templateProvidersToUpdate = "TemplateProvidersToUpdate"
    }
}

struct ProjectArnOutput: Codable, Sendable {
    var projectArn: String
    enum CodingKeys: String, CodingKey { case projectArn = "ProjectArn" }
}
