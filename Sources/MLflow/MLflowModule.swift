import Compute
import Foundation
import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// The managed MLflow room as the server composes it: tracking servers and MLflow apps over their table, each a real
/// `mlflow server` process this room supervises, their SageMaker operations, the signed MLflow traffic the edge
/// passes on to them, and their UI behind presigned links.
public struct MLflowModule: Sendable {
    let store: MlflowStore
    let supervisor: MlflowSupervisor
    let servers: MlflowServers
    let gateway: MlflowGateway
    /// The browser side: presigned links and sessions under `/_slipway/mlflow/`.
    public let sessions: MlflowSessions
    let authorizer: any AuthorizationPort
    public static let migrations: [Migration] = MlflowMigrations.all

    /// `root`: where servers keep their state (under the data directory); `postgresURL`: Slipway's PostgreSQL, where
    /// each server then gets a schema of its own (nil keeps SQLite files); `leaseSeconds`: how long a server's lease
    /// lasts unrenewed, so how soon another Slipway server takes over a server whose Slipway server stopped.
    public init(
        database: any MetadataDatabase, root: URL, postgresURL: String?, sandbox: Sandbox, environments: PythonEnvironments,
        versions: MlflowVersions = MlflowVersions(), roles: any RoleAssumptionPort, credentials: any RoleCredentialsPort, objects: any ObjectPort,
        identities: any IdentityPort, authorizer: any AuthorizationPort, logs: any LogsPort, calls: (any ServiceCallPort)?, clock: any WallClock,
        logger: Logger, leaseSeconds: Int = 60
    ) {
        store = MlflowStore(database: database)
        supervisor = MlflowSupervisor(
            store: store, sandbox: sandbox, environments: environments, versions: versions, credentials: credentials, logs: logs,
            backends: MlflowBackends(database: database, postgresURL: postgresURL, root: root), root: root, clock: clock, logger: logger,
            lease: TimeInterval(leaseSeconds)
        )
        servers = MlflowServers(store: store, supervisor: supervisor, versions: versions, roles: roles, objects: objects, calls: calls, clock: clock)
        gateway = MlflowGateway(store: store, supervisor: supervisor)
        sessions = MlflowSessions(store: store, gateway: gateway, identities: identities, authorizer: authorizer, clock: clock, logger: logger)
        self.authorizer = authorizer
    }

    /// Every operation this room adds to SageMaker's table.
    public var operations: [ServiceOperation] {
        TrackingServers(servers: servers).operations + MlflowApps(servers: servers).operations
    }

    /// The services the edge routes signed MLflow traffic to: tracking servers' and apps'.
    public var proxies: [any AWSService] {
        [MlflowProxy(kind: .trackingServer, gateway: gateway), MlflowProxy(kind: .app, gateway: gateway)]
    }

    /// Whether the tracking server (or app) an ARN's path names exists, for SageMaker's tag operations.
    public func trackingServerExists(_ path: [String], _ context: ServiceContext) async throws -> Bool {
        guard path.count == 1, let name = path.first else { return false }
        let arn = "arn:aws:sagemaker:\(context.region.name):\(context.account):mlflow-tracking-server/\(name.lowercased())"
        return try await store.server(arn: arn) != nil
    }

    public func appExists(_ path: [String], _ context: ServiceContext) async throws -> Bool {
        guard path.count == 1, let id = path.first else { return false }
        return try await store.server(arn: "arn:aws:sagemaker:\(context.region.name):\(context.account):mlflow-app/\(id)") != nil
    }

    /// Every tracking server's (or app's) ARN in the caller's account and region, for the tagging API.
    public func trackingServerARNs(_ context: ServiceContext) async throws -> [String] {
        try await store.servers(account: context.account.rawValue, region: context.region.name, kind: .trackingServer).map(\.arn)
    }

    public func appARNs(_ context: ServiceContext) async throws -> [String] {
        try await store.servers(account: context.account.rawValue, region: context.region.name, kind: .app).map(\.arn)
    }

    /// Deletes a tracking server (or app) as the caller, authorized as `DeleteMlflowTrackingServer` is: a project's cascade.
    public func deleteTrackingServer(_ arn: String, _ context: ServiceContext) async throws {
        let name = String(arn.split(separator: "/").last ?? "")
        try await call("DeleteMlflowTrackingServer", TrackingServerNameInput(trackingServerName: name), as: TrackingServerArnOutput.self, context: context)
    }

    public func deleteApp(_ arn: String, _ context: ServiceContext) async throws {
        try await call("DeleteMlflowApp", AppArnShape(arn: arn), as: AppArnShape.self, context: context)
    }

    private func call<Input: Sendable, Output: Sendable>(_ name: String, _ input: Input, as output: Output.Type, context: ServiceContext) async throws {
        guard let operation = operations.first(where: { $0.name == name }) else { throw InProcessCallError(operation: name, problem: "no such operation") }
        let _: Output = try await operation.call(input, context: context, authorization: .init(authorizer: authorizer, deniedCode: MlflowServers.deniedCode))
    }

    /// Tells the supervisor where MLflow processes reach Slipway (its S3), once it listens.
    public func serverStarted(host: String, port: Int) {
        supervisor.setEndpoint(ServerAddress.reachable(host: host, port: port))
    }

    /// Starts the servers that should run and that no live Slipway server runs (all of them after a restart).
    public func recoverServers() async {
        await supervisor.recover()
    }

    /// Stops every MLflow process this server runs, giving their leases up.
    public func shutdown() async {
        await supervisor.shutdown()
    }
}
