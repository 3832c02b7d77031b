import Foundation
import Logging
import ServiceKit
import ServiceLifecycle
import SlipwayCore

/// Copies new versions, their tags and metadata, and delete markers to the destination buckets their bucket's
/// replication rules name, acting as the configuration's role — so a role that may not write the destination fails
/// the version (`FAILED`) the way S3 does.
///
/// Work comes from a durable queue written in the same transaction as each version, so it survives restarts; tasks
/// are leased, so servers sharing one database never copy the same version twice at once.
public struct ReplicationWorker: Service {
    let service: S3Service
    let roles: any RoleAssumptionPort
    let authorizer: any AuthorizationPort
    let logger: Logger
    let idleInterval: Duration = .milliseconds(200)
    /// How long a claimed task is reserved for this server; renewed while the copy runs, so a crashed server's
    /// tasks return to the queue within one lease.
    static let lease: TimeInterval = 10
    /// Transient failures are retried this many times, with doubling delays, before the version is FAILED.
    static let maximumAttempts = 6

    public init(module: S3Module, roles: any RoleAssumptionPort, authorizer: any AuthorizationPort, logger: Logger) {
        service = module.service
        self.roles = roles
        self.authorizer = authorizer
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var worked = false
            do { worked = try await pass() } catch { logger.error("replication pass failed: \(error)") }
            if !worked { try? await cancelWhenGracefulShutdown { try await Task.sleep(for: idleInterval) } }
        }
    }

    /// Claims and runs one batch of due tasks, a few at a time; returns whether there was any.
    func pass() async throws -> Bool {
        let tasks = try await service.store.claimReplicationTasks(now: service.clock.now(), lease: Self.lease, limit: 16)
        guard !tasks.isEmpty else { return false }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for task in tasks {
                if running == 4 {
                    await group.next()
                    running -= 1
                }
                group.addTask { await run(task) }
                running += 1
            }
        }
        return true
    }

    /// Why a task failed, and whether trying again could help.
    struct Failure: Error {
        var message: String
        var permanent: Bool
    }

    func run(_ task: ReplicationTask) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await renewLease(task) }
            await attempt(task)
            group.cancelAll()
        }
    }

    private func renewLease(_ task: ReplicationTask) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .seconds(Self.lease / 3))
            guard !Task.isCancelled else { return }
            try? await service.store.renewReplicationLease(task, until: service.clock.now().addingTimeInterval(Self.lease))
        }
    }

    private func attempt(_ task: ReplicationTask) async {
        do {
            try await replicate(task)
        } catch let failure as Failure {
            await record(task, failure)
        } catch let denied as AccessDeniedError {
            await record(task, Failure(message: denied.message, permanent: true))
        } catch {
            await record(task, Failure(message: String(describing: error), permanent: false))
        }
    }

    private func record(_ task: ReplicationTask, _ failure: Failure) async {
        let attempts = task.attempts + 1
        let retry: TimeInterval? = failure.permanent || attempts >= Self.maximumAttempts ? nil : pow(2, Double(task.attempts))
        logger.warning("replication of \(task.sourceBucket)/\(task.key) \(task.versionID) to \(task.destinationBucket) failed: \(failure.message)\(retry == nil ? "" : "; retrying")")
        do {
            try await service.store.failReplication(task, error: failure.message, retryAfter: retry, now: service.clock.now())
        } catch {
            logger.error("could not record replication failure: \(error)")
        }
    }

    private func replicate(_ task: ReplicationTask) async throws {
        let store = service.store
        guard let source = try await store.objectVersion(bucket: task.sourceBucket, key: task.key, versionID: task.versionID) else {
            try await store.dropReplication(task)  // deleted for good before it could be copied
            return
        }
        guard let sourceBucket = try await store.bucket(named: task.sourceBucket), let configuration = try await store.replication(task.sourceBucket) else {
            throw Failure(message: "the source bucket no longer has a replication configuration", permanent: true)
        }
        let principal = try await roles.assumeRole(
            configuration.role, by: "s3.amazonaws.com", for: sourceBucket.account.rawValue, sessionName: "s3-replication",
            conditions: ["aws:SourceAccount": [sourceBucket.account.rawValue], "aws:SourceArn": [sourceBucket.arn]]
        )
        let context = ServiceContext(
            account: principal.account ?? sourceBucket.account, region: sourceBucket.region, principal: principal,
            requestID: "replication-\(task.id)", logger: logger, receivedAt: service.clock.now()
        )
        func require(_ action: String, _ bucket: String) async throws {
            let request = try await service.objectTarget(bucket, task.key).request(action, for: context)
            try await authorizer.authorize(request, context: context, deniedCode: "AccessDenied")
        }
        if task.isDeleteMarker {
            try await require("s3:ReplicateDelete", task.destinationBucket)
        } else {
            try await require("s3:GetObjectVersionForReplication", task.sourceBucket)
            if !source.tags.isEmpty { try await require("s3:GetObjectVersionTagging", task.sourceBucket) }
            try await require("s3:ReplicateObject", task.destinationBucket)
            if !source.tags.isEmpty { try await require("s3:ReplicateTags", task.destinationBucket) }
        }
        guard let destination = try await store.bucket(named: task.destinationBucket) else {
            throw Failure(message: "the destination bucket \(task.destinationBucket) does not exist", permanent: true)
        }
        guard destination.versioning == .enabled else {
            throw Failure(message: "the destination bucket \(task.destinationBucket) does not have versioning enabled", permanent: true)
        }
        var replica = source
        replica.bucket = task.destinationBucket
        replica.replicationStatus = task.isDeleteMarker ? nil : ReplicationStatus.replica
        replica.isLatest = true
        if let blob = source.blobID {
            replica.blobID = try await service.blobs.write(try await service.blobs.read(blob, range: nil)).id
        }
        do {
            await service.release(try await store.completeReplication(task, replica: replica))
        } catch {
            await service.release(replica.blobID.map { [$0] } ?? [])
            throw error
        }
        logger.debug("replicated \(task.sourceBucket)/\(task.key) \(task.versionID) to \(task.destinationBucket)")
    }
}
