import Foundation
import SlipwayCore
import Wire

/// `ListWorkflowRuns`: a repository as `owner/name` or by its CodeCommit name in the caller's account.
struct ListWorkflowRunsInput: WireShape {
    var repository: String
    static let bindings: [String: WireBinding] = ["Repository": .query("Repository")]
    enum CodingKeys: String, CodingKey { case repository = "Repository" }
}

/// A run as Slipway's own operations show it.
struct WorkflowRunShape: Codable, Sendable {
    var runId: Int
    var repository: String
    var workflow: String
    var path: String
    var runNumber: Int
    var event: String
    var ref: String
    var headSha: String
    var actor: String
    var status: String
    var conclusion: String?
    var created: Date
    var updated: Date
    var failure: String?
    enum CodingKeys: String, CodingKey {
        case runId = "RunId", repository = "Repository", workflow = "Workflow", path = "Path", runNumber = "RunNumber", event = "Event", ref = "Ref"
        case headSha = "HeadSha", actor = "Actor", status = "Status", conclusion = "Conclusion", created = "Created", updated = "Updated", failure = "Failure"
    }

    init(_ run: WorkflowRunRecord) {
        runId = run.id
        repository = run.fullName
        workflow = run.workflowName
        path = run.workflowPath
        runNumber = run.runNumber
        event = run.event
        ref = run.ref
        headSha = run.headSha
        actor = run.actorLogin
        status = run.status
        conclusion = run.conclusion
        created = run.created
        updated = run.updated
        failure = run.failure
    }
}

struct ListWorkflowRunsOutput: Codable, Sendable {
    var runs: [WorkflowRunShape]
    enum CodingKeys: String, CodingKey { case runs = "Runs" }
}

/// A run named by its id.
struct RunIdInput: WireShape {
    var runId: Int
    static let bindings: [String: WireBinding] = ["RunId": .uri("RunId")]
    enum CodingKeys: String, CodingKey { case runId = "RunId" }
}

/// A job as Slipway's own operations show it.
struct WorkflowJobShape: Codable, Sendable {
    var jobId: Int
    var name: String
    var status: String
    var conclusion: String?
    var environment: String?
    var failure: String?
    var review: String?
    /// What the job's steps wrote to `GITHUB_STEP_SUMMARY`.
    var summary: String?
    enum CodingKeys: String, CodingKey {
        case jobId = "JobId", name = "Name", status = "Status", conclusion = "Conclusion", environment = "Environment", failure = "Failure", review = "Review"
        case summary = "Summary"
    }

    init(_ job: WorkflowJobRecord) {
        jobId = job.id
        name = job.name
        status = job.status
        conclusion = job.conclusion
        environment = job.environment
        failure = job.failure
        review = job.review.map { "\($0.state) by \($0.reviewer)" + ($0.comment.isEmpty ? "" : ": \($0.comment)") }
        summary = job.summary
    }
}

struct GetWorkflowRunOutput: Codable, Sendable {
    var run: WorkflowRunShape
    var jobs: [WorkflowJobShape]
    enum CodingKeys: String, CodingKey { case run = "Run", jobs = "Jobs" }
}

/// `GetWorkflowJobLog`: a job's lines after line `After`.
struct GetWorkflowJobLogInput: WireShape {
    var jobId: Int
    var after: Int?
    static let bindings: [String: WireBinding] = ["JobId": .uri("JobId"), "After": .query("After")]
    enum CodingKeys: String, CodingKey { case jobId = "JobId", after = "After" }
}

struct LogLineShape: Codable, Sendable {
    var number: Int
    var text: String
    enum CodingKeys: String, CodingKey { case number = "Number", text = "Text" }
}

struct GetWorkflowJobLogOutput: Codable, Sendable {
    var lines: [LogLineShape]
    /// Whether the job has ended (no more lines will come).
    var complete: Bool
    enum CodingKeys: String, CodingKey { case lines = "Lines", complete = "Complete" }
}

/// `ReviewWorkflowRun`: approve or reject what the run waits on.
struct ReviewWorkflowRunInput: WireShape {
    var runId: Int
    var state: String
    var comment: String?
    static let bindings: [String: WireBinding] = ["RunId": .uri("RunId")]
    enum CodingKeys: String, CodingKey { case runId = "RunId", state = "State", comment = "Comment" }
}

struct ReviewWorkflowRunOutput: Codable, Sendable {
    var environments: [String]
    enum CodingKeys: String, CodingKey { case environments = "Environments" }
}

/// The workflow runner's errors on Slipway's own operations.
struct WorkflowError: ServiceError {
    let code: String
    let message: String
    var httpStatus: Int = 400

    static func notFound(_ what: String) -> WorkflowError { WorkflowError(code: "ResourceNotFoundException", message: "\(what) was not found.", httpStatus: 404) }
    static func validation(_ message: String) -> WorkflowError { WorkflowError(code: "ValidationException", message: message) }
}
