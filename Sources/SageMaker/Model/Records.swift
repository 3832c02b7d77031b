import Foundation
import SlipwayCore

/// A Studio domain: where users and their projects live, and — through its tag — where templates are.
struct DomainRecord: Sendable, Codable {
    var id: String
    var account: String
    var region: String
    var name: String
    var authMode: String
    var defaultUserSettings: JSONValue
    var domainSettings: JSONValue?
    var appNetworkAccessType: String
    var subnetIDs: [String]?
    var vpcID: String?
    var created: Date
    var modified: Date

    var arn: String { "arn:aws:sagemaker:\(region):\(account):domain/\(id)" }
    var url: String { "https://\(id).studio.\(region).sagemaker.aws" }
}

/// A user of a domain, with the execution role Studio acts as for them.
struct UserProfileRecord: Sendable, Codable {
    var domainID: String
    var account: String
    var region: String
    var name: String
    var userSettings: JSONValue?
    var created: Date
    var modified: Date

    var arn: String { "arn:aws:sagemaker:\(region):\(account):user-profile/\(domainID)/\(name)" }
}

/// A project: the template it was launched from (with the S3 version read), the launch role, and its stack.
struct ProjectRecord: Sendable, Codable {
    var id: String
    var account: String
    var region: String
    var name: String
    var description: String?
    /// `Pending` until the stack exists, `CreateFailed` when it never could; after that the stack decides.
    var status: String
    var templateName: String
    var templateURL: String
    /// The S3 version id of the template read at launch (provenance); nil for an unversioned bucket.
    var templateVersion: String?
    var roleARN: String
    var parameters: [CfnStackParameterShape]
    var stackID: String?
    var stackName: String
    var statusMessage: String?
    var createdBy: UserContextShape
    var created: Date
    var modified: Date?
    var modifiedBy: UserContextShape?

    var arn: String { "arn:aws:sagemaker:\(region):\(account):project/\(name)" }
}

/// A model package group: the registry entry a project's model versions are filed under.
struct ModelPackageGroupRecord: Sendable, Codable {
    var account: String
    var region: String
    var name: String
    var description: String?
    var createdBy: UserContextShape
    var created: Date

    var arn: String { "arn:aws:sagemaker:\(region):\(account):model-package-group/\(name.lowercased())" }
}

/// A code repository registered with SageMaker: the git repository notebooks and projects work from.
struct CodeRepositoryRecord: Sendable, Codable {
    var account: String
    var region: String
    var name: String
    var gitConfig: GitConfigShape
    var created: Date
    var modified: Date

    var arn: String { "arn:aws:sagemaker:\(region):\(account):code-repository/\(name.lowercased())" }
}

/// A registered model version: what it is (inference specification, metrics, metadata), and whether it is
/// approved for deployment.
struct ModelPackageRecord: Sendable, Codable {
    var account: String
    var region: String
    var groupName: String
    var version: Int
    var description: String?
    var inferenceSpecification: JSONValue?
    var approvalStatus: String
    var approvalDescription: String?
    var metadataProperties: JSONValue?
    var modelMetrics: JSONValue?
    var customerMetadata: [String: String]?
    var modelCard: JSONValue?
    var domain: String?
    var task: String?
    var samplePayloadURL: String?
    var createdBy: UserContextShape
    var created: Date
    var modified: Date?
    var modifiedBy: UserContextShape?

    var arn: String { "arn:aws:sagemaker:\(region):\(account):model-package/\(groupName.lowercased())/\(version)" }
}
