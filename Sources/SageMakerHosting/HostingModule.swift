import Compute
import Foundation
import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// The SageMaker hosting room as the server composes it: models, endpoint configurations and endpoints over their
/// tables, each endpoint's model servers run and supervised on the sandboxed executor, their operations joined to
/// the SageMaker service's table, `sagemaker-runtime` answering invocations, and transform jobs (batch inference with
/// the same model servers).
public struct HostingModule: Sendable {
    let resources: HostingResources
    let supervisor: EndpointSupervisor
    let launcher: ModelServerLauncher
    let serving: ServingProfiles
    let roles: any RoleAssumptionPort
    let objects: any ObjectPort
    let transforms: HostingTable<TransformJobRecord>
    let transformRunner: TransformRunner
    let asynchronous: AsyncInvocations
    public static let migrations: [Migration] = HostingMigrations.all

    /// `root`: where deployments' model data and environments' views are kept (under the data directory);
    /// `leaseSeconds`: how long an endpoint's lease lasts unrenewed, so how soon another Slipway server (or this one
    /// after a crash) brings it back.
    public init(
        database: any MetadataDatabase, root: URL, sandbox: Sandbox, profiles: ImageProfiles, environments: PythonEnvironments, objects: any ObjectPort,
        roles: any RoleAssumptionPort, credentials: any RoleCredentialsPort, logs: any LogsPort, calls: (any ServiceCallPort)?, clock: any WallClock,
        logger: Logger, leaseSeconds: Int = 60
    ) {
        let endpoints = HostingTable<EndpointRecord>(database: database, table: "sagemaker_endpoints", status: { $0.status })
        resources = HostingResources(
            models: HostingTable(database: database, table: "sagemaker_models", status: { _ in "Created" }),
            configs: HostingTable(database: database, table: "sagemaker_endpoint_configs", status: { _ in "Created" }),
            endpoints: endpoints, calls: calls, clock: clock
        )
        serving = ServingProfiles(profiles: profiles)
        launcher = ModelServerLauncher(
            root: root, sandbox: sandbox, serving: serving, environments: environments, objects: objects, roles: roles, credentials: credentials, logs: logs,
            clock: clock, logger: logger
        )
        supervisor = EndpointSupervisor(endpoints: endpoints, launcher: launcher, clock: clock, logger: logger, lease: TimeInterval(leaseSeconds))
        transforms = HostingTable(database: database, table: "sagemaker_transform_jobs", status: { $0.status })
        asynchronous = AsyncInvocations(
            table: HostingTable(database: database, table: "sagemaker_async_invocations", status: { $0.status }), supervisor: supervisor, launcher: launcher,
            objects: objects, clock: clock
        )
        supervisor.onServing { [asynchronous] in asynchronous.wake() }
        transformRunner = TransformRunner(
            jobs: transforms, launcher: launcher, objects: objects, clock: clock, owner: supervisor.owner, lease: TimeInterval(leaseSeconds)
        )
        self.roles = roles
        self.objects = objects
    }

    /// Every operation this room adds to SageMaker's table.
    public var operations: [ServiceOperation] {
        Models(resources: resources, roles: roles, objects: objects, serving: serving).operations
            + EndpointConfigs(resources: resources).operations
            + Endpoints(resources: resources, supervisor: supervisor, serving: serving).operations
            + TransformJobs(resources: resources, jobs: transforms, runner: transformRunner, serving: serving).operations
    }

    /// The `sagemaker-runtime` service the edge routes invocations to.
    public var runtime: any AWSService { RuntimeService(supervisor: supervisor, endpoints: resources.endpoints, asynchronous: asynchronous) }

    /// Whether the model, endpoint configuration or endpoint an ARN's path names exists, for SageMaker's tag operations.
    public func modelExists(_ path: [String], _ context: ServiceContext) async throws -> Bool {
        try await exists(resources.models, path, context)
    }

    public func endpointConfigExists(_ path: [String], _ context: ServiceContext) async throws -> Bool {
        try await exists(resources.configs, path, context)
    }

    public func transformJobExists(_ path: [String], _ context: ServiceContext) async throws -> Bool {
        try await exists(transforms, path, context)
    }

    public func endpointExists(_ path: [String], _ context: ServiceContext) async throws -> Bool {
        try await exists(resources.endpoints, path, context)
    }

    private func exists<Record: HostingRecord>(_ table: HostingTable<Record>, _ path: [String], _ context: ServiceContext) async throws -> Bool {
        guard path.count == 1, let name = path.first else { return false }
        return try await table.record(named: name, account: context.account.rawValue, region: context.region.name) != nil
    }

    /// Every endpoint's ARN in the caller's account and region, for the tagging API.
    public func endpointARNs(_ context: ServiceContext) async throws -> [String] {
        try await resources.endpoints.all(account: context.account.rawValue, region: context.region.name).map(\.arn)
    }

    /// Tells model servers where Slipway is (their AWS endpoint), once it listens.
    public func serverStarted(host: String, port: Int) {
        launcher.setEndpoint(ServerAddress.reachable(host: host, port: port))
    }

    /// Brings back the endpoints no live Slipway server runs (all of them after a restart).
    public func recoverEndpoints() async {
        await transformRunner.recoverInterrupted()
        asynchronous.start()
        await supervisor.recover()
    }

    /// Stops every model server this server runs, giving their leases up.
    public func shutdown() async {
        asynchronous.stop()
        await supervisor.shutdown()
    }
}
