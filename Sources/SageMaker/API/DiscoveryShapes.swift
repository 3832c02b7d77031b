import Foundation
import Wire

struct ListProjectTemplatesInput: WireShape {
    var domainId: String
    static let bindings: [String: WireBinding] = ["DomainId": .query("DomainId")]
    enum CodingKeys: String, CodingKey { case domainId = "DomainId" }
}

/// A parameter as a launch form needs it: type, constraints, default, and where the template's interface puts it.
struct TemplateParameterShape: Codable, Sendable, Hashable {
    var name: String
    var type: String
    var defaultValue: String?
    var allowedValues: [String]?
    var allowedPattern: String?
    var minLength: Int?
    var maxLength: Int?
    var minValue: Double?
    var maxValue: Double?
    var constraintDescription: String?
    var description: String?
    var noEcho: Bool
    var label: String?
    var group: String?
    enum CodingKeys: String, CodingKey {
        case name = "Name", type = "Type", defaultValue = "Default", allowedValues = "AllowedValues", allowedPattern = "AllowedPattern"
        case minLength = "MinLength", maxLength = "MaxLength", minValue = "MinValue", maxValue = "MaxValue"
        case constraintDescription = "ConstraintDescription", description = "Description", noEcho = "NoEcho", label = "Label", group = "Group"
    }
}

struct ParameterGroupShape: Codable, Sendable, Hashable {
    var label: String?
    var parameters: [String]
    enum CodingKeys: String, CodingKey { case label = "Label", parameters = "Parameters" }
}

/// One visible template: where it is (the version read), what it says about itself, and its form — or, for a
/// template that does not validate, why.
struct ProjectTemplateShape: Codable, Sendable {
    var name: String
    var templateURL: String
    var versionId: String?
    var lastModified: Date
    var description: String?
    var parameters: [TemplateParameterShape]
    var parameterGroups: [ParameterGroupShape]
    var validationError: String?
    enum CodingKeys: String, CodingKey {
        case name = "Name", templateURL = "TemplateURL", versionId = "VersionId", lastModified = "LastModified", description = "Description"
        case parameters = "Parameters", parameterGroups = "ParameterGroups", validationError = "ValidationError"
    }
}

/// Something an administrator has to fix for a template to be seen, with the object it concerns.
struct DiscoveryProblemShape: Codable, Sendable, Hashable {
    var key: String
    var problem: String
    enum CodingKeys: String, CodingKey { case key = "Key", problem = "Problem" }
}

struct ListProjectTemplatesOutput: Codable, Sendable {
    var domainId: String
    var templatesLocation: String
    var templates: [ProjectTemplateShape]
    var problems: [DiscoveryProblemShape]
    /// Slipway's own templates, listed apart from the organization's.
    var providedTemplates: [ProjectTemplateShape]
    enum CodingKeys: String, CodingKey {
        case domainId = "DomainId", templatesLocation = "TemplatesLocation", templates = "Templates", problems = "Problems"
        case providedTemplates = "ProvidedTemplates"
    }
}

struct PlanProjectUpdateInput: WireShape {
    var projectName: String
    var templateProvidersToUpdate: [UpdateTemplateProviderShape]
    static let bindings: [String: WireBinding] = ["ProjectName": .uri("ProjectName")]
    enum CodingKeys: String, CodingKey { case projectName = "ProjectName", templateProvidersToUpdate = "TemplateProvidersToUpdate" }
}

struct PlannedChangeShape: Codable, Sendable {
    var action: String
    var logicalResourceId: String
    var physicalResourceId: String?
    var resourceType: String
    var replacement: String?
    var changedProperties: [String]
    enum CodingKeys: String, CodingKey {
        case action = "Action", logicalResourceId = "LogicalResourceId", physicalResourceId = "PhysicalResourceId", resourceType = "ResourceType"
        case replacement = "Replacement", changedProperties = "ChangedProperties"
    }
}

struct PlanProjectUpdateOutput: Codable, Sendable {
    var projectName: String
    var templateURL: String
    var versionId: String?
    var changes: [PlannedChangeShape]
    enum CodingKeys: String, CodingKey { case projectName = "ProjectName", templateURL = "TemplateURL", versionId = "VersionId", changes = "Changes" }
}

struct ProvidedTemplatesOutput: Codable, Sendable {
    var templates: [ProjectTemplateShape]
    enum CodingKeys: String, CodingKey { case templates = "Templates" }
}

struct NoInput: WireShape {}

struct PublishProvidedTemplateInput: WireShape {
    var name: String
    var destination: String
    static let bindings: [String: WireBinding] = ["Name": .uri("Name")]
    enum CodingKeys: String, CodingKey { case name = "Name", destination = "Destination" }
}

struct PublishProvidedTemplateOutput: Codable, Sendable {
    var templateURL: String
    var versionId: String?
    enum CodingKeys: String, CodingKey { case templateURL = "TemplateURL", versionId = "VersionId" }
}

struct ProjectTemplateInput: WireShape {
    var projectName: String
    static let bindings: [String: WireBinding] = ["ProjectName": .uri("ProjectName")]
    enum CodingKeys: String, CodingKey { case projectName = "ProjectName" }
}

/// Where a project's template came from (the S3 version it was launched or last updated from) and what that
/// location holds now.
struct ProjectTemplateOutput: Codable, Sendable {
    var projectName: String
    var templateName: String
    var templateURL: String
    var versionId: String?
    var latestVersionId: String?
    var updateAvailable: Bool
    var latestError: String?
    enum CodingKeys: String, CodingKey {
        case projectName = "ProjectName", templateName = "TemplateName", templateURL = "TemplateURL", versionId = "VersionId"
        case latestVersionId = "LatestVersionId", updateAvailable = "UpdateAvailable", latestError = "LatestError"
    }
}
