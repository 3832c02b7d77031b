import Foundation
import Git

/// One run of a workflow file: the event that started it, the commit and file it runs, where it stands and how it
/// ended. The workflow's text is kept as it was at the commit, so a run never changes under a later push.
struct WorkflowRunRecord: Codable, Sendable {
    var id: Int
    var repositoryArn: String
    var repositoryID: String
    var account: String
    var region: String
    var ownerLogin: String
    var repositoryName: String
    /// GitHub's numeric ids of the repository and its owner.
    var repositoryNumber: Int
    var ownerNumber: Int
    var workflowPath: String
    var workflowName: String
    var workflowID: Int
    var runNumber: Int
    var attempt: Int
    /// `push`, `workflow_dispatch`, `repository_dispatch` or `schedule`.
    var event: String
    /// The full ref (`refs/heads/main`).
    var ref: String
    var headSha: String
    /// The event's payload as JSON (`github.event`).
    var payloadJSON: String
    var actorLogin: String
    /// The IAM identity whose action started the run.
    var actorArn: String
    /// The same identity as jobs' `GITHUB_TOKEN` acts for it.
    var actor: ForgeActor?
    /// `queued`, `in_progress`, `waiting` or `completed`, as GitHub's `status`.
    var status: String
    /// `success`, `failure`, `cancelled` or `skipped` once completed.
    var conclusion: String?
    var created: Date
    var updated: Date
    var started: Date?
    var workflowText: String
    /// Why the run failed before any job ran (an invalid file, an action Slipway does not run).
    var failure: String?
    var cancelRequested: Bool = false
    /// How many times a server began driving the run (the background queue tells a stale read from it).
    var drives: Int = 0
    /// The workflow's `concurrency` group, evaluated when the run was made: one run of a group runs at a time.
    var concurrencyGroup: String?
    /// Jobs of this run another run's job asked to cancel (`cancel-in-progress` of a job's concurrency group); the
    /// server driving this run stops them.
    var cancelledJobs: [Int]?

    /// The branch a branch ref names; nil for tags.
    var headBranch: String? { ref.hasPrefix("refs/heads/") ? String(ref.dropFirst(11)) : nil }
    var fullName: String { "\(ownerLogin)/\(repositoryName)" }
    var isCompleted: Bool { status == "completed" }
}

/// One job of a run (one matrix combination of a workflow job), its steps and outputs.
struct WorkflowJobRecord: Codable, Sendable {
    var id: Int
    var runID: Int
    var attempt: Int
    /// The job's id in the workflow file.
    var key: String
    /// Its display name: the job's name, with the matrix values for a matrix job.
    var name: String
    /// The matrix combination as JSON (an object), for matrix jobs.
    var matrixJSON: String?
    var status: String
    var conclusion: String?
    var steps: [WorkflowStepRecord]
    var outputs: [String: String]
    var created: Date
    var started: Date?
    var completed: Date?
    var environment: String?
    var runnerName: String?
    /// What the job's steps wrote to `GITHUB_STEP_SUMMARY`.
    var summary: String?
    /// Why the job failed outside its steps (a timeout, an unsupported action, a stopped server).
    var failure: String?
    /// A reviewer's decision, for a job whose environment requires one.
    var review: DeploymentReview?
    /// When the job began waiting for a reviewer.
    var waitingSince: Date?
    /// The id of the job's GITHUB_TOKEN while it runs (revoked at its end, or by the server that takes a dead one over).
    var tokenID: String?
    /// The job's `concurrency` group, evaluated when it was ready to start: one job of a group runs at a time in the
    /// repository, the newest other one `pending`.
    var concurrencyGroup: String?
}

/// One step of a job as GitHub reports it.
struct WorkflowStepRecord: Codable, Sendable, Equatable {
    var number: Int
    var name: String
    var status: String
    var conclusion: String?
    var started: Date?
    var completed: Date?
}
