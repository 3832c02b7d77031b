import Compute
import Foundation
import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// The SageMaker training room as the server composes it: training and processing jobs over their tables, run on
/// the sandboxed executor, their operations joined to the SageMaker service's table.
public struct TrainingModule: Sendable {
    public let jobs: TrainingJobs
    public let processing: ProcessingJobs
    let executor: JobExecutor
    public static let migrations: [Migration] = TrainingMigrations.all

    /// Every operation this room adds to SageMaker's table.
    public var operations: [ServiceOperation] { jobs.operations + processing.operations }

    /// `root`: where jobs' working directories are made (under the data directory); `launcher`: where their sandboxes
    /// run (this machine when nil, or a Ray cluster); `profiles` and `environments`: what
    /// an image URI stands for and where its environment is built; `leaseSeconds`: how long a job's lease lasts
    /// unrenewed, so how soon a job whose server stopped is failed.
    public init(
        database: any MetadataDatabase, root: URL, objects: any ObjectPort, roles: any RoleAssumptionPort, credentials: any RoleCredentialsPort,
        sandbox: Sandbox, launcher: (any JobLauncher)? = nil, profiles: ImageProfiles, environments: PythonEnvironments, logs: any LogsPort,
        calls: (any ServiceCallPort)? = nil, clock: any WallClock, logger: Logger, leaseSeconds: Int = 60
    ) {
        executor = JobExecutor(
            objects: objects, roles: roles, credentials: credentials, sandbox: sandbox, launcher: launcher, profiles: profiles, environments: environments,
            logs: logs, calls: calls, clock: clock, logger: logger, lease: TimeInterval(leaseSeconds)
        )
        let training = JobStore<TrainingJobRecord>(database: database, table: "sagemaker_training_jobs")
        jobs = TrainingJobs(store: training, runner: TrainingRunner(store: training, root: root.appendingPathComponent("training"), executor: executor), roles: roles, clock: clock)
        let processingStore = JobStore<ProcessingJobRecord>(database: database, table: "sagemaker_processing_jobs")
        processing = ProcessingJobs(
            store: processingStore, runner: ProcessingRunner(store: processingStore, root: root.appendingPathComponent("processing"), executor: executor), roles: roles
        )
    }

    /// The kinds of job SageMaker's tag operations reach: whether the job an ARN's path names exists.
    public func jobExists(_ path: [String], _ context: ServiceContext) async throws -> Bool {
        guard path.count == 1, let name = path.first else { return false }
        return try await jobs.store.job(account: context.account.rawValue, region: context.region.name, name: name) != nil
    }

    public func processingJobExists(_ path: [String], _ context: ServiceContext) async throws -> Bool {
        guard path.count == 1, let name = path.first else { return false }
        return try await processing.store.job(account: context.account.rawValue, region: context.region.name, name: name) != nil
    }

    /// Tells the runners where jobs reach the server, once it listens.
    public func serverStarted(host: String, port: Int) {
        executor.setEndpoint(ServerAddress.reachable(host: host, port: port))
    }

    /// Jobs whose server stopped while they ran (their lease ran out) cannot be re-attached — their sandboxes died with
    /// it — so they end Failed with the reason; looks again while another server's lease may still run out.
    public func recoverInterruptedJobs() async {
        let reason = "InternalServerError: the server running the job stopped while it ran; start the job again."
        while !Task.isCancelled {
            let now = executor.clock.now(), until = now.addingTimeInterval(executor.lease)
            for var job in (try? await jobs.store.claimAbandoned(owner: executor.owner, now: now, until: until)) ?? [] {
                job.failureReason = reason
                job.finish("Failed", secondary: "Failed", message: reason, at: now)
                try? await jobs.store.save(job)
            }
            for var job in (try? await processing.store.claimAbandoned(owner: executor.owner, now: now, until: until)) ?? [] {
                job.failureReason = reason
                job.finish("Failed", at: now)
                try? await processing.store.save(job)
            }
            let othersTraining = (try? await jobs.store.othersRunning(owner: executor.owner)) == true
            let othersProcessing = (try? await processing.store.othersRunning(owner: executor.owner)) == true
            guard othersTraining || othersProcessing else { return }
            try? await Task.sleep(for: .seconds(executor.lease))
        }
    }
}
