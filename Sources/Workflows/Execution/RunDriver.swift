import Foundation
import Git
import Logging
import ServiceKit
import SlipwayCore
import Synchronization

/// Drives runs to their end: a run is claimed with a lease (renewed while it runs, so another server takes over a run
/// whose server stopped), its jobs made as their `needs` finish (skipped by `if:`, one per matrix combination) and run
/// concurrently, and its conclusion recorded. Jobs that were running when a server stopped are failed with the
/// reason, and the run goes on from there.
final class RunDriver: Sendable {
    let store: RunStore
    let settings: RepositorySettings
    let runner: JobRunner
    let clock: any WallClock
    let logger: Logger
    let lease: TimeInterval
    let owner = UUID().uuidString
    let queue: WorkQueue<WorkflowRunRecord>

    init(store: RunStore, settings: RepositorySettings, runner: JobRunner, clock: any WallClock, logger: Logger, lease: TimeInterval) {
        self.store = store
        self.settings = settings
        self.runner = runner
        self.clock = clock
        self.logger = logger
        self.lease = lease
        let box = Mutex<RunDriver?>(nil)
        queue = WorkQueue(limit: 8, id: { String($0.id) }, attempts: { $0.drives }, perform: { run in
            await box.withLock { $0 }?.drive(run)
        })
        box.withLock { $0 = self }
    }

    /// Scans for runs to drive until cancelled.
    func run() async {
        await queue.run(every: .seconds(max(1, lease / 3)), due: { [store, clock] in try await store.unattended(now: clock.now()) }, onError: { [logger] error in
            logger.error("workflow runs could not be scanned", metadata: ["error": .string("\(error)")])
        })
    }

    /// Drives one run while holding its lease.
    func drive(_ initial: WorkflowRunRecord) async {
        do {
            guard try await store.claim(initial.id, owner: owner, now: clock.now(), until: clock.now().addingTimeInterval(lease)) else { return }
        } catch {
            logger.error("a workflow run could not be claimed", metadata: ["run": .stringConvertible(initial.id), "error": .string("\(error)")])
            return
        }
        let flags = CancellationFlags()
        let renewal = Task { [store, owner, clock, lease] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(min(lease / 3, 2)))
                _ = try? await store.renew(initial.id, owner: owner, until: clock.now().addingTimeInterval(lease))
                if let current = try? await store.run(initial.id) {
                    if current.cancelRequested { flags.cancelRun() }
                    for job in current.cancelledJobs ?? [] { flags.cancel(job: job) }
                }
            }
        }
        defer { renewal.cancel() }
        do {
            try await advance(initial.id, flags: flags)
        } catch {
            logger.error("a workflow run failed", metadata: ["run": .stringConvertible(initial.id), "error": .string("\(error)")])
            _ = try? await store.update(initial.id) { run in
                run.status = "completed"
                run.conclusion = "failure"
                run.failure = run.failure ?? "The run could not be driven: \(error)"
            }
            try? await store.release(initial.id, owner: owner)
        }
    }

    private func advance(_ id: Int, flags: CancellationFlags) async throws {
        guard var run = try await store.run(id), !run.isCompleted else { return }
        if run.cancelRequested { flags.cancelRun() }
        let workflow: WorkflowDefinition
        do {
            workflow = try WorkflowParser.parse(run.workflowText, path: run.workflowPath)
        } catch {
            run.failure = "\(error)"
            try await complete(&run, conclusion: "failure")
            return
        }
        // Fields others change meanwhile (a cancel, a concurrency group) are kept: every write is a change of the
        // stored record, never the whole of this read.
        let now = clock.now()
        guard let counted = try await store.update(id, { $0.drives += 1; $0.updated = now }) else { return }
        run = counted
        if run.cancelRequested { flags.cancelRun() }
        guard let repository = try await runner.environment.forge.repository(arn: run.repositoryArn), repository.id == run.repositoryID else {
            run.failure = "The repository \(run.fullName) no longer exists."
            try await complete(&run, conclusion: "failure")
            return
        }
        // Jobs a stopped server was running did not finish: they failed, and the run goes on from there.
        for var job in try await store.jobs(runID: id, attempt: run.attempt) where job.status == "in_progress" || job.status == "queued" {
            if job.status == "in_progress" {
                job.status = "completed"
                job.conclusion = "failure"
                job.completed = clock.now()
                job.failure = "The runner of this job stopped (Slipway restarted) before the job finished."
                if let tokenID = job.tokenID, let actor = run.actor { await runner.environment.forge.revokeJobToken(id: tokenID, actor: actor) }
                try await store.save(job)
                try? await store.appendLog(jobID: job.id, lines: [(Int.max / 2, JobLog.stamp(clock.now()) + " ##[error]\(job.failure ?? "")")])
            }
        }
        let event = (try? ExpressionValue(json: run.payloadJSON)) ?? .object([:])
        let inputs = event["inputs"] ?? .object([:])
        // One run of a concurrency group at a time: a later one waits, queued and leased to no server, until the
        // earlier ends (which wakes it).
        if let group = run.concurrencyGroup, !run.cancelRequested, run.started == nil || run.status == "queued" {
            let earlier = try await store.runs(repositoryArn: run.repositoryArn).contains {
                $0.id < run.id && $0.concurrencyGroup == group && !$0.isCompleted && $0.status != "queued"
            }
            if earlier {
                try await store.release(id, owner: owner)
                return
            }
        }
        if run.status == "queued", let begun = try await store.update(id, { record in
            if record.status == "queued" { record.status = "in_progress" }
            record.started = record.started ?? now
        }) {
            run = begun
        }
        let variables = try await settings.values(repository, environment: nil).variables
        let plan = RunPlan(workflow: workflow, run: run, repository: repository, settings: settings, variables: variables, event: event, inputs: inputs)
        // Jobs begun (or done) are never started again; queued ones (a reviewed job) start now. A job approved while
        // the others run is queued then, and started by the next pass.
        var started = Set(try await store.jobs(runID: id, attempt: run.attempt).filter { $0.status == "in_progress" || $0.status == "completed" }.map(\.id))
        let isCancelled: @Sendable () -> Bool = { flags.runCancelled }
        try await withThrowingTaskGroup(of: WorkflowJobRecord.self) { group in
            var running = 0
            while true {
                let ready = try await plan.next(
                    jobs: try await store.jobs(runID: id, attempt: run.attempt), cancelled: isCancelled(), store: store, clock: clock, wake: { [queue] in queue.start($0) }
                )
                for (job, assignment) in ready where !started.contains(job.id) {
                    started.insert(job.id)
                    running += 1
                    let jobID = job.id
                    group.addTask { [runner] in
                        await runner.run(job, assignment, cancelled: { flags.cancelled(job: jobID) })
                    }
                }
                // Nothing running and nothing new to start: every job is done, skipped or waiting for a reviewer.
                guard running > 0, let finished = try await group.next() else { break }
                running -= 1
                try await failFast(after: finished, plan: plan, flags: flags)
                if let jobGroup = finished.concurrencyGroup { try await wakePending(jobGroup, repositoryArn: run.repositoryArn, except: id) }
            }
        }
        guard var current = try await store.run(id) else { return }
        let jobs = try await store.jobs(runID: id, attempt: run.attempt)
        // A job reviewed just as the last one ended is queued: the run goes on under a fresh drive (the queue starts
        // it again once this one returns).
        if !isCancelled(), !current.cancelRequested, jobs.contains(where: { $0.status == "queued" }) {
            try await store.release(id, owner: owner)
            queue.start(current)
            return
        }
        // A job waiting for its concurrency group holds the run, leased to no server: the end of the group's running
        // job wakes it (and the scan for unattended runs looks again).
        if !isCancelled(), !current.cancelRequested, jobs.contains(where: { $0.status == "pending" }) {
            try await store.release(id, owner: owner)
            return
        }
        // Jobs waiting for a reviewer hold the run: it waits, leased to no server, until a review wakes it (a review
        // that came meanwhile finds its job queued above, or sets the run going again itself).
        if !isCancelled(), !current.cancelRequested, jobs.contains(where: { $0.status == "waiting" }) {
            let later = clock.now()
            _ = try await store.update(id) { record in
                if !record.cancelRequested, record.status == "in_progress" {
                    record.status = "waiting"
                    record.updated = later
                }
            }
            try await store.release(id, owner: owner)
            if let again = try await store.run(id), again.cancelRequested || again.status != "waiting" { queue.start(again) }
            return
        }
        let conclusion: String
        if current.cancelRequested || isCancelled() {
            conclusion = "cancelled"
        } else if jobs.contains(where: { $0.conclusion == "failure" && !plan.continuesOnError($0) }) {
            conclusion = "failure"
        } else if !jobs.isEmpty, jobs.allSatisfy({ $0.conclusion == "skipped" }) {
            conclusion = "skipped"
        } else {
            conclusion = jobs.contains { $0.conclusion == "cancelled" } ? "cancelled" : "success"
        }
        try await complete(&current, conclusion: conclusion)
    }

    /// Wakes the other runs whose pending job waits for `group`, now that a job of it ended.
    private func wakePending(_ group: String, repositoryArn: String, except id: Int) async throws {
        for active in try await store.runs(repositoryArn: repositoryArn) where active.id != id && !active.isCompleted {
            if try await store.jobs(runID: active.id, attempt: active.attempt).contains(where: { $0.status == "pending" && $0.concurrencyGroup == group }) {
                queue.start(active)
            }
        }
    }

    /// With `fail-fast`, a failed matrix job cancels its siblings.
    private func failFast(after finished: WorkflowJobRecord, plan: RunPlan, flags: CancellationFlags) async throws {
        guard finished.conclusion == "failure", finished.matrixJSON != nil, plan.failFast(finished.key) else { return }
        for sibling in try await store.jobs(runID: finished.runID, attempt: finished.attempt) where sibling.key == finished.key && sibling.status != "completed" {
            flags.cancel(job: sibling.id)
        }
    }

    private func complete(_ run: inout WorkflowRunRecord, conclusion: String) async throws {
        let now = clock.now()
        let failure = run.failure
        guard let ended = try await store.update(run.id, { record in
            record.status = "completed"
            record.conclusion = conclusion
            record.updated = now
            record.failure = record.failure ?? failure
        }) else { return }
        run = ended
        try await store.release(run.id, owner: owner)
        // The next run of its concurrency group may start now.
        if let group = run.concurrencyGroup {
            for waiting in try await store.runs(repositoryArn: run.repositoryArn).reversed() where waiting.concurrencyGroup == group && waiting.status == "queued" {
                queue.start(waiting)
            }
        }
    }
}
