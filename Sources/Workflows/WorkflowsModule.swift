import Compute
import Foundation
import Git
import Logging
import MetadataStore
import ServiceKit
import ServiceLifecycle
import SlipwayCore

/// The workflow runner as the server composes it: runs started by pushes and dispatches to the forge's
/// repositories, driven in the background on the sandboxed executor, and GitHub's Actions API on the forge.
public struct WorkflowsModule: Sendable {
    public static let migrations: [Migration] = WorkflowMigrations.all
    let store: RunStore
    let environment: RunnerEnvironment
    let driver: RunDriver
    let starter: RunStarter
    let scheduler: WorkflowScheduler
    let settings: RepositorySettings
    /// Slipway's own operations on runs (`/_slipway/workflows/…`, signed), behind `slipway runs`.
    public let operations: [ServiceOperation]

    public init(
        database: any MetadataDatabase, root: URL, secretKey: [UInt8], forge: ForgeRepositories, launcher: any JobLauncher, runtimes: PythonRuntimes,
        profiles: ImageProfiles, environments: PythonEnvironments,
        authorizer: any AuthorizationPort, region: Region, clock: any WallClock, logger: Logger, leaseSeconds: TimeInterval
    ) {
        store = RunStore(database: database)
        let settings = RepositorySettings(store: SettingsStore(database: database), sealer: SecretSealer(keyBytes: secretKey), clock: clock)
        self.settings = settings
        environment = RunnerEnvironment(root: root, launcher: launcher, runtimes: runtimes, profiles: profiles, environments: environments, forge: forge, clock: clock, region: region.name, logger: logger)
        let driver = RunDriver(
            store: store, settings: settings, runner: JobRunner(environment: environment, store: store), clock: clock, logger: logger, lease: leaseSeconds
        )
        self.driver = driver
        starter = RunStarter(store: store, forge: forge, clock: clock, logger: logger, wake: { driver.queue.start($0) })
        scheduler = WorkflowScheduler(store: store, starter: starter, forge: forge, clock: clock, logger: logger)
        forge.onPush { [starter] refs, actor in await starter.pushed(refs, actor: actor) }
        let reviews = RunControl(store: store, settings: settings, wake: { driver.queue.start($0) })
        forge.addRoutes(ActionsRoutes(
            store: store, starter: starter, settings: settings, reviews: reviews, forge: forge, authorizer: authorizer,
            artifactsDirectory: root.appendingPathComponent("artifacts", isDirectory: true)
        ))
        operations = RunOperations(store: store, forge: forge, reviews: reviews).operations
    }

    /// Tells the runner the server's address once it listens (jobs reach the forge and AWS APIs through it).
    public func serverStarted(host: String, port: Int) {
        environment.setAddress(ServerAddress.reachable(host: host, port: port))
        // Finding the interpreters asks each one its version; done now, a first job does not wait for it.
        let runtimes = environment.runtimes
        Thread { _ = runtimes.interpreters() }.start()
    }

    /// Drives runs (new ones at once, abandoned ones when their lease runs out) until cancelled.
    public func runLoop() async {
        async let scheduled: Void = scheduler.run()
        await driver.run()
        await scheduled
    }
}

/// The runner's background loop as a service of the server's group.
public struct WorkflowRunnerService: Service {
    let module: WorkflowsModule

    public init(module: WorkflowsModule) {
        self.module = module
    }

    public func run() async throws {
        await runUntilGracefulShutdown { [module] in await module.runLoop() }
    }
}
