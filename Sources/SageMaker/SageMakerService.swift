import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Wire

/// The SageMaker API (JSON 1.1, `SageMaker.*`): domains, user profiles, tags, projects launched from S3 templates,
/// model package groups and code repositories.
public struct SageMakerService: AWSService {
    public let serviceName = "sagemaker"
    public let signingName = "sagemaker"
    public let wireProtocol = WireProtocol.json(version: "1.1", targetPrefix: "SageMaker")
    let store: SageMakerStore
    let ids: any IDGenerator
    let clock: any WallClock
    let objects: any ObjectPort
    let stacks: any StackPort
    let roles: any RoleAssumptionPort
    let logger: Logger
    /// Where model package state changes are announced (EventBridge's default bus).
    var events: (any EventPublishingPort)?
    /// The operations of SageMaker's feature rooms (training jobs, …), which the server composes into this table.
    var features: [ServiceOperation] = []
    /// The kinds of resource the feature rooms keep, by ARN resource type, for tagging.
    var featureResources: [String: FeatureResource] = [:]
    /// The console's sign-in links, for `CreatePresignedDomainUrl`; nil where no console runs.
    var consoleLinks: (any ConsoleLinkPort)?

    public var operations: [ServiceOperation] {
        domainOperations + userProfileOperations + tagOperations + projectOperations + modelPackageGroupOperations + modelPackageOperations + codeRepositoryOperations
            + features
    }

    /// `action` on `resource`, in the caller's account.
    /// `sagemaker:<action>` on `resource`, with the tags the request attaches (`aws:RequestTag/*`, `aws:TagKeys`) and
    /// those the resource already carries (`aws:ResourceTag/*`).
    func request(_ action: String, _ resource: String, _ context: ServiceContext, tags: [TagShape]? = nil, removing keys: [String]? = nil) async throws -> AccessRequest {
        var request = AccessRequest(action: "sagemaker:\(action)", resource: resource, resourceAccount: context.account.rawValue)
        if tags != nil || keys != nil { request = request.requestingTags((tags ?? []).map { ($0.key, $0.value) }, keys: keys) }
        if !resource.contains("*") { request = request.onResourceTagged(try await store.tags(resource).map { ($0.key, $0.value) }, servicePrefix: "sagemaker") }
        return request
    }

    func arn(_ context: ServiceContext, _ type: String, _ name: String) -> String {
        "arn:aws:sagemaker:\(context.region.name):\(context.account):\(type)/\(name)"
    }

    /// A `ValidationException` in the service's words unless `value` matches the member's pattern and length.
    static func check(_ value: String, member: String, pattern: String, min: Int = 1, max: Int) throws {
        guard (min...max).contains(value.count), value.range(of: "^(\(pattern))$", options: .regularExpression) != nil else {
            throw SageMakerError.validation(
                "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: \(pattern)"
            )
        }
    }

    static let entityName = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
    static let roleARN = #"arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+"#

    /// Tags as SageMaker accepts them: keys 1–128 and values up to 256 characters, none under `aws:`, at most 50.
    static func check(tags: [TagShape]?) throws {
        guard let tags else { return }
        if tags.count > 50 { throw SageMakerError.validation("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50") }
        for tag in tags {
            guard (1...128).contains(tag.key.count), tag.value.count <= 256 else {
                throw SageMakerError.validation("1 validation error detected: Value '\(tag.key)' at 'tags.key' failed to satisfy constraint: Member must have length between 1 and 128")
            }
            guard !tag.key.lowercased().hasPrefix("aws:") else { throw SageMakerError.validation("Tag keys starting with 'aws:' are reserved for system use") }
        }
    }

    /// A page of `items` after `nextToken` (an offset), at most `maxResults` (default 10, 1–100).
    static func page<T>(_ items: [T], nextToken: String?, maxResults: Int?) throws -> ([T], String?) {
        let limit = maxResults ?? 10
        guard (1...100).contains(limit) else {
            throw SageMakerError.validation("1 validation error detected: Value '\(limit)' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100")
        }
        guard let page = OffsetPage(items, after: nextToken, limit: limit) else { throw SageMakerError.validation("Invalid pagination token: \(nextToken ?? "")") }
        return (page.items, page.nextToken)
    }

    /// The execution role in a `UserSettings` structure.
    static func executionRole(_ settings: JSONValue?) -> String? {
        if case .object(let members) = settings, case .string(let role) = members["ExecutionRole"] { return role }
        return nil
    }
}
