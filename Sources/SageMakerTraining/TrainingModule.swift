import Compute
import Foundation
import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// The SageMaker training room as the server composes it: training jobs over their table, run on the sandboxed
/// executor, their operations joined to the SageMaker service's table.
public struct TrainingModule: Sendable {
    public let jobs: TrainingJobs
    let runner: TrainingRunner
    let store: TrainingStore
    public static let migrations: [Migration] = TrainingMigrations.all

    /// `root`: where jobs' working directories are made (under the data directory); `leaseSeconds`: how long a job's
    /// lease lasts unrenewed, so how soon a job whose server stopped is failed.
    public init(
        database: any MetadataDatabase, root: URL, objects: any ObjectPort, roles: any RoleAssumptionPort, credentials: any RoleCredentialsPort,
        sandbox: Sandbox, logs: any LogsPort, clock: any WallClock, logger: Logger, leaseSeconds: Int = 60, pythons: PythonRuntimes = PythonRuntimes()
    ) {
        store = TrainingStore(database: database)
        runner = TrainingRunner(
            store: store, root: root, objects: objects, roles: roles, credentials: credentials, sandbox: sandbox, pythons: pythons, logs: logs,
            clock: clock, logger: logger, lease: TimeInterval(leaseSeconds)
        )
        jobs = TrainingJobs(store: store, runner: runner, roles: roles, clock: clock)
    }

    /// Tells the runner where jobs reach the server, once it listens.
    public func serverStarted(host: String, port: Int) {
        runner.setEndpoint(ServerAddress.reachable(host: host, port: port))
    }

    /// Jobs whose server stopped while they ran (their lease ran out) cannot be re-attached — their sandboxes died with
    /// it — so they end Failed with the reason; looks again while another server's lease may still run out.
    public func recoverInterruptedJobs() async {
        while !Task.isCancelled {
            let now = runner.clock.now()
            if let abandoned = try? await store.claimAbandoned(owner: runner.owner, now: now, until: now.addingTimeInterval(runner.lease)) {
                for var job in abandoned {
                    job.failureReason = "InternalServerError: the server running the training job stopped while it ran; start the job again."
                    job.finish("Failed", secondary: "Failed", message: job.failureReason, at: now)
                    try? await store.save(job)
                }
            }
            guard (try? await store.othersRunning(owner: runner.owner)) == true else { return }
            try? await Task.sleep(for: .seconds(runner.lease))
        }
    }
}
