import Foundation
import Git
import SlipwayCore

/// What people do to a run in flight, however it arrives (the forge's API, `slipway runs`): a required reviewer's
/// decision on the jobs waiting for their environments (an approved job is queued to run, a rejected one fails with
/// the reviewer's words), or a cancellation; either way the run is handed back to the driver.
struct RunControl: Sendable {
    let store: RunStore
    let settings: RepositorySettings
    let wake: @Sendable (WorkflowRunRecord) -> Void

    /// Why a review was refused.
    enum Refusal: Error, Equatable {
        case nothingPending
        case unknownEnvironment(Int)
        case notReviewer(login: String, environment: String)
    }

    /// The environments the run's waiting jobs wait on, with the jobs.
    func pending(_ run: WorkflowRunRecord) async throws -> [(environment: EnvironmentRecord, jobs: [WorkflowJobRecord])] {
        let waiting = try await store.jobs(runID: run.id, attempt: run.attempt).filter { $0.status == "waiting" && $0.environment != nil }
        var result: [(environment: EnvironmentRecord, jobs: [WorkflowJobRecord])] = []
        for name in Set(waiting.compactMap { $0.environment?.lowercased() }).sorted() {
            guard let environment = try await settings.store.environment(run.repositoryArn, name: name) else { continue }
            result.append((environment, waiting.filter { $0.environment?.lowercased() == name }))
        }
        return result
    }

    static func canReview(_ environment: EnvironmentRecord, login: String) -> Bool {
        environment.reviewers.contains { $0.login.lowercased() == login.lowercased() }
    }

    /// Records `login`'s decision on the environments `ids` (nil: every pending one `login` may review); returns the
    /// environments reviewed.
    func review(_ run: WorkflowRunRecord, environmentIDs ids: [Int]?, approve: Bool, comment: String, login: String) async throws -> [EnvironmentRecord] {
        let pending = try await pending(run)
        guard !pending.isEmpty else { throw Refusal.nothingPending }
        let chosen: [(environment: EnvironmentRecord, jobs: [WorkflowJobRecord])]
        if let ids {
            chosen = try ids.map { id in
                guard let found = pending.first(where: { $0.environment.id == id }) else { throw Refusal.unknownEnvironment(id) }
                return found
            }
        } else {
            chosen = pending.filter { Self.canReview($0.environment, login: login) }
        }
        for entry in chosen where !Self.canReview(entry.environment, login: login) {
            throw Refusal.notReviewer(login: login, environment: entry.environment.name)
        }
        guard !chosen.isEmpty else { throw Refusal.notReviewer(login: login, environment: pending[0].environment.name) }
        let now = settings.clock.now()
        let review = DeploymentReview(state: approve ? "approved" : "rejected", reviewer: login, comment: comment, time: now)
        for entry in chosen {
            for var job in entry.jobs {
                job.review = review
                if approve {
                    job.status = "queued"
                } else {
                    job.status = "completed"
                    job.conclusion = "failure"
                    job.completed = now
                    job.failure = "The deployment to '\(entry.environment.name)' was rejected by \(login)" + (comment.isEmpty ? "." : ": \(comment)")
                }
                try await store.save(job)
            }
        }
        // The run goes on (or ends) under whichever server drives it next.
        if let resumed = try await store.update(run.id, { if $0.status == "waiting" { $0.status = "in_progress" } }) { wake(resumed) }
        return chosen.map(\.environment)
    }

    /// Asks a run to stop: its running jobs are stopped, the rest cancelled; false when it already ended.
    func cancel(_ run: WorkflowRunRecord) async throws -> Bool {
        guard !run.isCompleted else { return false }
        let updated = try await store.update(run.id) { record in
            record.cancelRequested = true
            if record.status == "waiting" { record.status = "in_progress" }
        }
        if let updated { wake(updated) }
        return true
    }

    /// Runs a completed run again as its next attempt, on the same commit and workflow file: every job, or
    /// (`failedOnly`) the failed and cancelled ones and those needing them, the others carried over as they ended.
    /// False when the run has not completed.
    func rerun(_ run: WorkflowRunRecord, failedOnly: Bool, actor: ForgeActor, actorLogin: String) async throws -> Bool {
        guard run.isCompleted else { return false }
        let previous = try await store.jobs(runID: run.id, attempt: run.attempt)
        var again = Set(previous.filter { $0.conclusion == "failure" || $0.conclusion == "cancelled" }.map(\.key))
        if failedOnly, let workflow = try? WorkflowParser.parse(run.workflowText, path: run.workflowPath) {
            var grew = true
            while grew {
                grew = false
                for job in workflow.jobs where !again.contains(job.id) && job.needs.contains(where: again.contains) {
                    again.insert(job.id)
                    grew = true
                }
            }
        }
        let now = settings.clock.now()
        guard let next = try await store.update(run.id, { record in
            record.attempt += 1
            record.status = "queued"
            record.conclusion = nil
            record.started = nil
            record.failure = nil
            record.cancelRequested = false
            record.updated = now
            record.actor = actor
            record.actorLogin = actorLogin
            record.actorArn = actor.arn
        }) else { return false }
        if failedOnly {
            for var kept in previous where !again.contains(kept.key) {
                kept.id = 0
                kept.attempt = next.attempt
                _ = try await store.insert(kept)
            }
        }
        wake(next)
        return true
    }
}
