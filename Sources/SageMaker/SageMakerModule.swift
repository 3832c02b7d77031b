import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// The SageMaker room as the server composes it: its service over CloudFormation's stacks, S3's objects and IAM's roles.
public struct SageMakerModule: Sendable {
    public let service: SageMakerService
    public static let migrations: [Migration] = SageMakerMigrations.all

    public init(
        database: any MetadataDatabase, ids: any IDGenerator, clock: any WallClock, objects: any ObjectPort, stacks: any StackPort,
        roles: any RoleAssumptionPort, events: (any EventPublishingPort)? = nil, features: [ServiceOperation] = [], logger: Logger
    ) {
        service = SageMakerService(
            store: SageMakerStore(database: database), ids: ids, clock: clock, objects: objects, stacks: stacks, roles: roles, logger: logger, events: events,
            features: features
        )
    }
}
