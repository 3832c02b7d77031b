import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// The SageMaker room as the server composes it: its service over CloudFormation's stacks, S3's objects (with the
/// provided templates' reserved bucket) and IAM's roles.
public struct SageMakerModule: Sendable {
    public let service: SageMakerService
    public static let migrations: [Migration] = SageMakerMigrations.all

    public init(
        database: any MetadataDatabase, ids: any IDGenerator, clock: any WallClock, objects: any ObjectPort, stacks: any StackPort,
        roles: any RoleAssumptionPort, events: (any EventPublishingPort)? = nil, features: [ServiceOperation] = [], featureResources: [FeatureResource] = [],
        consoleLinks: (any ConsoleLinkPort)? = nil, logger: Logger
    ) {
        service = SageMakerService(
            store: SageMakerStore(database: database), ids: ids, clock: clock, objects: ProvidedObjects(base: objects), stacks: stacks, roles: roles, logger: logger, events: events,
            features: features, featureResources: Dictionary(featureResources.map { ($0.type, $0) }, uniquingKeysWith: { first, _ in first }),
            consoleLinks: consoleLinks
        )
    }
}

/// A kind of resource a feature room keeps (pipelines, training jobs, …), so SageMaker's tag operations can tell
/// whether an ARN of that kind names something that exists.
public struct FeatureResource: Sendable {
    /// The ARN's resource type, e.g. `pipeline`.
    public let type: String
    /// Whether the resource named by the ARN's path after the type exists in the caller's account and region.
    public let exists: @Sendable (_ path: [String], _ context: ServiceContext) async throws -> Bool
    /// The ARNs of every such resource in the caller's account and region, for the tagging API; nil when the room
    /// does not list them there.
    public let list: (@Sendable (_ context: ServiceContext) async throws -> [String])?
    /// Deletes the resource an ARN names as the caller (a project's cascade); nil when a cascade does not.
    public let delete: (@Sendable (_ arn: String, _ context: ServiceContext) async throws -> Void)?

    public init(
        type: String, exists: @escaping @Sendable (_ path: [String], _ context: ServiceContext) async throws -> Bool,
        list: (@Sendable (_ context: ServiceContext) async throws -> [String])? = nil,
        delete: (@Sendable (_ arn: String, _ context: ServiceContext) async throws -> Void)? = nil
    ) {
        self.type = type
        self.exists = exists
        self.list = list
        self.delete = delete
    }
}
