import Logging
import MetadataStore
import ServiceKit
import SlipwayCore
import TemplateEngine

/// The CloudFormation room as the server composes it: its service over the providers the server registered.
public struct CloudFormationModule: Sendable {
    public let service: CloudFormationService
    public static let migrations: [Migration] = CloudFormationMigrations.all

    public init(database: any MetadataDatabase, registry: ProviderRegistry, roles: any RoleAssumptionPort, objects: any ObjectPort, clock: any WallClock, logger: Logger) {
        // CloudFormation's own types: nested stacks (which reach back into the service) and wait condition handles.
        let reference = ServiceReference()
        let registry = registry.adding([NestedStackProvider(reference: reference), WaitConditionHandleProvider()])
        service = CloudFormationService(
            store: StackStore(database: database), engine: StackEngine(registry: registry), registry: registry, roles: roles, objects: objects, clock: clock, logger: logger
        )
        reference.set(service)
    }
}
