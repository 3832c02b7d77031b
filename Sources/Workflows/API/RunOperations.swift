import Foundation
import Git
import ServiceKit
import SlipwayCore
import Wire

/// Slipway's own operations on workflow runs (`/_slipway/workflows/…`, signed as `slipway`), behind `slipway runs`:
/// list a repository's runs, show one with its jobs, read a job's log as it grows, review what a run waits on, and
/// cancel it. Reading needs `codecommit:GitPull` on the repository, cancelling `codecommit:GitPush`; only a required
/// reviewer may review.
struct RunOperations: Sendable {
    let store: RunStore
    let forge: ForgeRepositories
    let reviews: RunControl

    func repository(_ name: String, context: ServiceContext) async throws -> HostedRepository {
        let parts = name.split(separator: "/")
        let found = parts.count == 2
            ? try await forge.repository(owner: String(parts[0]), name: String(parts[1]))
            : try await forge.repository(name: name, account: context.account.rawValue)
        guard let found else { throw WorkflowError.notFound("Repository \(name)") }
        return found
    }

    func run(_ id: Int) async throws -> WorkflowRunRecord {
        guard let run = try await store.run(id) else { throw WorkflowError.notFound("Workflow run \(id)") }
        return run
    }

    /// `action` on the repository `arn`, with the repository's tags for IAM's conditions.
    func access(_ action: String, _ arn: String, account: String) async throws -> AccessRequest {
        let tags = try await forge.repository(arn: arn)?.tags ?? [:]
        return AccessRequest(action: action, resource: arn, resourceAccount: account).onResourceTagged(tags)
    }

    var operations: [ServiceOperation] {
        [
            ServiceOperation("ListWorkflowRuns", route: .init("GET", "/_slipway/workflows/runs"), input: ListWorkflowRunsInput.self, access: { input, context in
                let repository = try await repository(input.repository, context: context)
                return try await access("codecommit:GitPull", repository.arn, account: repository.account)
            }, handler: { input, context in
                let repository = try await repository(input.repository, context: context)
                let runs = try await store.runs(repositoryArn: repository.arn).filter { $0.repositoryID == repository.id }
                return ListWorkflowRunsOutput(runs: runs.map(WorkflowRunShape.init))
            }),
            ServiceOperation("GetWorkflowRun", route: .init("GET", "/_slipway/workflows/runs/{RunId}"), input: RunIdInput.self, access: { input, _ in
                let run = try await run(input.runId)
                return try await access("codecommit:GitPull", run.repositoryArn, account: run.account)
            }, handler: { input, _ in
                let run = try await run(input.runId)
                return GetWorkflowRunOutput(run: WorkflowRunShape(run), jobs: try await store.jobs(runID: run.id, attempt: run.attempt).map(WorkflowJobShape.init))
            }),
            ServiceOperation("GetWorkflowJobLog", route: .init("GET", "/_slipway/workflows/jobs/{JobId}/log"), input: GetWorkflowJobLogInput.self, access: { input, _ in
                guard let job = try await store.job(input.jobId) else { throw WorkflowError.notFound("Workflow job \(input.jobId)") }
                let run = try await run(job.runID)
                return try await access("codecommit:GitPull", run.repositoryArn, account: run.account)
            }, handler: { input, _ in
                guard let job = try await store.job(input.jobId) else { throw WorkflowError.notFound("Workflow job \(input.jobId)") }
                let lines = try await store.log(jobID: job.id, after: max(input.after ?? 0, 0), limit: 10_000)
                // Complete once the job ended and every line of it has been read.
                let complete = job.status == "completed" && lines.count < 10_000
                return GetWorkflowJobLogOutput(lines: lines.map { LogLineShape(number: $0.number, text: $0.text) }, complete: complete)
            }),
            ServiceOperation("ReviewWorkflowRun", route: .init("POST", "/_slipway/workflows/runs/{RunId}/review"), input: ReviewWorkflowRunInput.self, access: { input, _ in
                let run = try await run(input.runId)
                return try await access("codecommit:GitPull", run.repositoryArn, account: run.account)
            }, handler: { input, context in
                guard input.state == "approved" || input.state == "rejected" else { throw WorkflowError.validation("State must be approved or rejected.") }
                let run = try await run(input.runId)
                let login: String
                do {
                    login = try await forge.login(for: context.principal)
                } catch {
                    throw WorkflowError(code: "AccessDeniedException", message: "Only the root user and IAM users review deployments: \(context.principal.arn) has no forge login.", httpStatus: 403)
                }
                do {
                    let reviewed = try await reviews.review(run, environmentIDs: nil, approve: input.state == "approved", comment: input.comment ?? "", login: login)
                    return ReviewWorkflowRunOutput(environments: reviewed.map(\.name))
                } catch let refusal as RunControl.Refusal {
                    switch refusal {
                    case .nothingPending: throw WorkflowError.validation("Workflow run \(run.id) is not waiting for a review.")
                    case .unknownEnvironment(let id): throw WorkflowError.validation("Workflow run \(run.id) is not waiting on environment \(id).")
                    case .notReviewer(let login, let environment):
                        throw WorkflowError(code: "AccessDeniedException", message: "\(login) is not a required reviewer of environment '\(environment)'.", httpStatus: 403)
                    }
                }
            }),
            ServiceOperation("CancelWorkflowRun", route: .init("POST", "/_slipway/workflows/runs/{RunId}/cancel"), input: RunIdInput.self, access: { input, _ in
                let run = try await run(input.runId)
                return try await access("codecommit:GitPush", run.repositoryArn, account: run.account)
            }, handler: { input, _ in
                let run = try await run(input.runId)
                guard try await reviews.cancel(run) else {
                    throw WorkflowError(code: "ConflictException", message: "Workflow run \(run.id) has already completed.", httpStatus: 409)
                }
                return EmptyOutput()
            }),
        ]
    }
}
