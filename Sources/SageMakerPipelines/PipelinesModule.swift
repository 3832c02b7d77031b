import Foundation
import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// The SageMaker pipelines room as the server composes it: pipeline definitions and their executions over their
/// tables, driven by the execution engine, their operations joined to the SageMaker service's table.
public struct PipelinesModule: Sendable {
    public let pipelines: Pipelines
    let engine: ExecutionEngine
    public static let migrations: [Migration] = PipelineMigrations.all

    /// The operations this room adds to SageMaker's table.
    public var operations: [ServiceOperation] { pipelines.operations }

    /// `calls`: how steps reach SageMaker's job and registry operations as the pipeline's role; `leaseSeconds`: how long
    /// an execution's lease lasts unrenewed, so how soon another server carries on an execution whose server stopped.
    public init(
        database: any MetadataDatabase, calls: any ServiceCallPort, roles: any RoleAssumptionPort, objects: any ObjectPort, events: any EventPublishingPort,
        functions: any FunctionInvocationPort, authorizer: any AuthorizationPort, clock: any WallClock, logger: Logger, leaseSeconds: Int = 60
    ) {
        let store = PipelineStore(database: database)
        engine = ExecutionEngine(
            store: store, calls: calls, roles: roles, objects: objects, events: events, functions: functions, authorizer: authorizer, clock: clock,
            logger: logger,
            lease: TimeInterval(leaseSeconds)
        )
        pipelines = Pipelines(store: store, engine: engine, roles: roles, objects: objects)
    }

    /// Whether the pipeline an ARN's path (after `pipeline/`) names exists, for SageMaker's tag operations.
    public func pipelineExists(_ path: [String], _ context: ServiceContext) async throws -> Bool {
        guard path.count == 1, let name = path.first else { return false }
        return try await pipelines.store.pipeline(account: context.account.rawValue, region: context.region.name, name: name) != nil
    }

    /// Carries on executions whose server stopped while it drove them, once their lease ran out.
    public func recoverInterruptedExecutions() async {
        await engine.recoverInterrupted()
    }
}
