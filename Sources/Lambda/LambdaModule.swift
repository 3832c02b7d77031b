import Compute
import Foundation
import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// The Lambda room as the server composes it: the service over its tables, the runtime that runs functions, the
/// Runtime API workers call, and the extension that reads a function's log.
public struct LambdaModule: Sendable {
    public let service: LambdaService
    public let runtimeAPI: LambdaRuntimeAPI
    /// Where custom resource functions answer.
    public let customResourceResponses: CustomResourceResponses
    /// Where `GetFunction`'s code locations download from.
    public let packageDownloads: PackageDownloads
    let runtime: FunctionRuntime
    public static let migrations: [Migration] = LambdaMigrations.all

    let asynchronous: AsyncInvocations

    /// `root`: the directory for unpacked packages, the bootstrap and logs. Functions run in `sandbox`; `maxWorkers`
    /// bounds the processes running at once; idle ones stop after `idleTimeout`.
    public init(
        database: any MetadataDatabase, root: URL, objects: any ObjectPort, roles: any RoleAssumptionPort, credentials: any RoleCredentialsPort,
        sandbox: Sandbox, logs: any LogsPort, ids: any IDGenerator, clock: any WallClock, logger: Logger, maxWorkers: Int = 16,
        idleTimeout: Duration = .seconds(300)
    ) {
        runtime = FunctionRuntime(
            root: root, credentials: credentials, sandbox: sandbox, logs: logs, ids: ids, maxWorkers: maxWorkers, idleTimeout: idleTimeout
        )
        let store = FunctionStore(database: database)
        packageDownloads = PackageDownloads(store: store, endpoint: { [runtime] in runtime.endpointAddress })
        asynchronous = AsyncInvocations(store: AsyncInvocationStore(database: database), clock: clock, logger: logger)
        service = LambdaService(
            store: store, runtime: runtime, downloads: packageDownloads, asynchronous: asynchronous, objects: objects, roles: roles, ids: ids, clock: clock
        )
        asynchronous.attach(service)
        runtimeAPI = LambdaRuntimeAPI(runtime: runtime)
        customResourceResponses = CustomResourceResponses(endpoint: { [runtime] in runtime.endpointAddress })
    }

    /// Tells the runtime where workers reach the server, once it listens.
    public func serverStarted(host: String, port: Int) {
        runtime.setEndpoint(host: host, port: port)
    }

    /// Stops every worker.
    public func shutdown() async {
        await runtime.pool.stopAll()
    }

    /// Slipway's additions under `/_slipway/` (signed as `slipway`): a function's log.
    public var extensionOperations: [ServiceOperation] {
        [
            ServiceOperation("GetFunctionLogs", route: .init("GET", "/_slipway/functions/{FunctionName}/logs"), input: FunctionLogsInput.self, access: { input, context in
                let name = try LambdaService.reference(input.functionName, qualifier: nil).name
                return AccessRequest(
                    action: "logs:GetLogEvents", resource: "arn:aws:logs:\(context.region.name):\(context.account):log-group:/aws/lambda/\(name):*",
                    resourceAccount: context.account.rawValue
                )
            }, handler: { [service, runtime] input, context in
                let latest = try await service.latest(try LambdaService.reference(input.functionName, qualifier: nil).name, context)
                return FunctionLogsOutput(log: try await runtime.logs.read(latest))
            }),
        ]
    }
}
