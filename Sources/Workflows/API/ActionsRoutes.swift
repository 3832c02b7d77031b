import Foundation
import Git
import ServiceKit
import SlipwayCore

/// GitHub's Actions REST API for the forge's repositories: workflows (listed from the default branch), dispatches,
/// runs, jobs, logs and cancellation. Reads need `codecommit:GitPull` on the repository, starting or cancelling a run
/// `codecommit:GitPush`, as IAM decides for the caller.
struct ActionsRoutes: ForgeRepositoryRoutes {
    let store: RunStore
    let starter: RunStarter
    let settings: RepositorySettings
    let reviews: RunControl
    let forge: ForgeRepositories
    let authorizer: any AuthorizationPort
    /// Where artifacts' zips are kept.
    let artifactsDirectory: URL

    func answer(_ request: ForgeRepositoryRequest) async throws -> ForgeAnswer? {
        if let answer = try await settingsAnswer(request) { return answer }
        let rest = request.rest
        let json = ActionsJSON(api: request.api, base: request.base, repository: request.repository)
        switch (request.method, rest.first) {
        case ("POST", "dispatches") where rest.count == 1:
            try await authorize(request, push: true)
            return try await repositoryDispatch(request)
        case (_, "actions"):
            if let answer = try await artifactsAnswer(request, json: json) { return answer }
        default:
            return nil
        }
        switch (request.method, Array(rest.dropFirst())) {
        case ("GET", ["workflows"]):
            try await authorize(request, push: false)
            let workflows = try await defaultWorkflows(request.repository)
            return .json(200, ["total_count": workflows.count, "workflows": workflows.map { json.workflow(path: $0.path, name: $0.name, created: nil) }])
        case ("GET", let path) where path.count == 2 && path[0] == "workflows":
            try await authorize(request, push: false)
            guard let found = try await defaultWorkflows(request.repository).first(where: { Self.matches($0.path, path[1], repository: request.repository) }) else { throw ForgeError.notFound }
            return .json(200, json.workflow(path: found.path, name: found.name, created: nil))
        case ("GET", let path) where path.count == 3 && path[0] == "workflows" && path[2] == "runs":
            try await authorize(request, push: false)
            guard let found = try await defaultWorkflows(request.repository).first(where: { Self.matches($0.path, path[1], repository: request.repository) }) else { throw ForgeError.notFound }
            return .json(200, try await runs(request, json: json, workflowPath: found.path))
        case ("POST", let path) where path.count == 3 && path[0] == "workflows" && path[2] == "dispatches":
            try await authorize(request, push: true)
            try await dispatch(request, workflow: path[1])
            return .json(204, nil)
        case ("GET", ["runs"]):
            try await authorize(request, push: false)
            return .json(200, try await runs(request, json: json, workflowPath: nil))
        case ("GET", let path) where path.count == 2 && path[0] == "runs":
            try await authorize(request, push: false)
            return .json(200, json.run(try await run(path[1], request)))
        case ("GET", let path) where path.count == 3 && path[0] == "runs" && path[2] == "jobs":
            try await authorize(request, push: false)
            let run = try await run(path[1], request)
            // GitHub lists the latest attempt's jobs unless asked for all.
            let jobs = try await store.jobs(runID: run.id, attempt: request.request.query("filter") == "all" ? nil : run.attempt)
            return .json(200, ["total_count": jobs.count, "jobs": jobs.map { json.job($0, run: run) }])
        case ("GET", let path) where path.count == 5 && path[0] == "runs" && path[2] == "attempts" && path[4] == "jobs":
            try await authorize(request, push: false)
            let run = try await run(path[1], request)
            guard let attempt = Int(path[3]), (1...run.attempt).contains(attempt) else { throw ForgeError.notFound }
            let jobs = try await store.jobs(runID: run.id, attempt: attempt)
            return .json(200, ["total_count": jobs.count, "jobs": jobs.map { json.job($0, run: run) }])
        case ("POST", let path) where path.count == 3 && path[0] == "runs" && (path[2] == "rerun" || path[2] == "rerun-failed-jobs"):
            try await authorize(request, push: true)
            let run = try await run(path[1], request)
            guard try await reviews.rerun(run, failedOnly: path[2] == "rerun-failed-jobs", actor: ForgeActor(request.context.principal), actorLogin: request.callerLogin)
            else { throw ForgeError(status: 403, message: "This workflow is already running") }
            return .json(201, [String: Any]())
        case ("POST", let path) where path.count == 3 && path[0] == "runs" && path[2] == "cancel":
            try await authorize(request, push: true)
            let run = try await run(path[1], request)
            guard try await reviews.cancel(run) else { throw ForgeError(status: 409, message: "Cannot cancel a workflow run that is completed.") }
            return .json(202, [String: Any]())
        case ("GET", let path) where path.count == 2 && path[0] == "jobs":
            try await authorize(request, push: false)
            let (job, run) = try await job(path[1], request)
            return .json(200, json.job(job, run: run))
        case ("GET", let path) where path.count == 3 && path[0] == "jobs" && path[2] == "logs":
            try await authorize(request, push: false)
            let (job, _) = try await job(path[1], request)
            // GitHub answers with a redirect to the log's download; the log itself is served right behind it.
            return .redirect("\(json.repositoryURL)/actions/jobs/\(job.id)/logs/raw")
        case ("GET", let path) where path.count == 4 && path[0] == "jobs" && path[2] == "logs" && path[3] == "raw":
            try await authorize(request, push: false)
            let (job, _) = try await job(path[1], request)
            let lines = try await store.log(jobID: job.id)
            return .text(lines.map(\.text).joined(separator: "\n") + (lines.isEmpty ? "" : "\n"))
        default:
            return nil
        }
    }

    func authorize(_ request: ForgeRepositoryRequest, push: Bool) async throws {
        do {
            try await authorizer.authorize(
                AccessRequest(action: push ? "codecommit:GitPush" : "codecommit:GitPull", resource: request.repository.arn, resourceAccount: request.repository.account)
                    .onResourceTagged(request.repository.tags),
                context: request.context, deniedCode: "AccessDenied"
            )
        } catch is AccessDeniedError {
            throw (push ? ForgeError.forbidden("Resource not accessible by personal access token") : ForgeError.notFound).denial
        }
    }

    /// Whether a workflow file is the one a path segment names: its numeric id or its file name.
    static func matches(_ path: String, _ identifier: String, repository: HostedRepository) -> Bool {
        let file = String(path.split(separator: "/").last ?? "")
        return identifier == file || identifier == path || Int(identifier) == repository.workflowID(path: path)
    }

    /// The workflows on the default branch: path and name (the file path when it has none or does not parse).
    func defaultWorkflows(_ repository: HostedRepository) async throws -> [(path: String, name: String)] {
        guard let branch = try await forge.defaultBranch(repository), let commit = try await forge.commit(repository, "refs/heads/" + branch) else { return [] }
        return try await starter.workflows(repository, commit: commit).map { file in
            (file.path, (try? file.definition.get())?.displayName ?? file.path)
        }
    }

    func run(_ identifier: String, _ request: ForgeRepositoryRequest) async throws -> WorkflowRunRecord {
        guard let id = Int(identifier), let run = try await store.run(id), run.repositoryArn == request.repository.arn, run.repositoryID == request.repository.id else {
            throw ForgeError.notFound
        }
        return run
    }

    func job(_ identifier: String, _ request: ForgeRepositoryRequest) async throws -> (WorkflowJobRecord, WorkflowRunRecord) {
        guard let id = Int(identifier), let job = try await store.job(id) else { throw ForgeError.notFound }
        return (job, try await run(String(job.runID), request))
    }

    /// `GET …/actions/runs` with GitHub's filters and pages.
    func runs(_ request: ForgeRepositoryRequest, json: ActionsJSON, workflowPath: String?) async throws -> [String: Any] {
        var runs = try await store.runs(repositoryArn: request.repository.arn).filter { $0.repositoryID == request.repository.id }
        if let workflowPath { runs = runs.filter { $0.workflowPath == workflowPath } }
        let query = request.request
        if let branch = query.query("branch"), !branch.isEmpty { runs = runs.filter { $0.headBranch == branch } }
        if let event = query.query("event"), !event.isEmpty { runs = runs.filter { $0.event == event } }
        if let actor = query.query("actor"), !actor.isEmpty { runs = runs.filter { $0.actorLogin == actor } }
        if let sha = query.query("head_sha"), !sha.isEmpty { runs = runs.filter { $0.headSha == sha } }
        if let status = query.query("status"), !status.isEmpty { runs = runs.filter { $0.status == status || $0.conclusion == status } }
        let perPage = min(max(Int(query.query("per_page") ?? "") ?? 30, 1), 100)
        let page = min(max(Int(query.query("page") ?? "") ?? 1, 1), 1_000_000)
        let slice = runs.dropFirst((page - 1) * perPage).prefix(perPage)
        return ["total_count": runs.count, "workflow_runs": slice.map { json.run($0) }]
    }
}
