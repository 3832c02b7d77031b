import Foundation
import Git

extension ActionsRoutes {
    /// `GET/POST …/actions/runs/{id}/pending_deployments`: the environments a run waits on, and a required reviewer's
    /// approval or rejection of them. An approved job runs (and only then gets its environment's secrets); a rejected
    /// one fails, and so does its run.
    func pendingDeployments(_ request: ForgeRepositoryRequest, runID: String) async throws -> ForgeAnswer {
        try await authorize(request, push: false)
        let run = try await run(runID, request)
        let waiting = try await store.jobs(runID: run.id).filter { $0.status == "waiting" && $0.environment != nil }
        var environments: [EnvironmentRecord] = []
        for name in Set(waiting.compactMap(\.environment)).sorted() {
            if let found = try await settings.store.environment(run.repositoryArn, name: name) { environments.append(found) }
        }
        let caller = request.callerLogin.lowercased()
        func canApprove(_ environment: EnvironmentRecord) -> Bool { environment.reviewers.contains { $0.login.lowercased() == caller } }
        func deployment(_ environment: EnvironmentRecord) -> [String: Any] {
            let since = waiting.filter { $0.environment?.lowercased() == environment.name.lowercased() }.compactMap(\.waitingSince).min()
            return [
                "environment": [
                    "id": environment.id, "node_id": "EN_\(environment.id)", "name": environment.name,
                    "url": "\(request.api)/repos/\(request.repository.fullName)/environments/\(environment.name)",
                    "html_url": "\(request.base)/\(request.repository.fullName)/deployments/activity_log?environments_filter=\(environment.name)",
                ],
                "wait_timer": environment.waitTimer, "wait_timer_started_at": ActionsJSON.timestamp(since), "current_user_can_approve": canApprove(environment),
                "reviewers": environment.reviewers.map { ["type": $0.type, "reviewer": ["login": $0.login, "id": $0.id, "type": "User"]] },
            ]
        }
        guard request.method == "POST" else { return .json(200, environments.map(deployment)) }

        guard let ids = (request.input["environment_ids"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }), !ids.isEmpty else {
            throw ForgeError(status: 422, message: "Invalid request.\n\n\"environment_ids\" wasn't supplied.")
        }
        guard let state = request.input["state"] as? String, state == "approved" || state == "rejected" else {
            throw ForgeError(status: 422, message: "Invalid request.\n\nstate must be one of: approved, rejected.")
        }
        guard let comment = request.input["comment"] as? String else { throw ForgeError(status: 422, message: "Invalid request.\n\n\"comment\" wasn't supplied.") }
        var reviewed: [EnvironmentRecord] = []
        for id in ids {
            guard let environment = environments.first(where: { $0.id == id }) else {
                throw ForgeError(status: 422, message: "No pending deployment for environment \(id) in this run.")
            }
            guard canApprove(environment) else {
                throw ForgeError(status: 422, message: "\(request.callerLogin) is not a required reviewer of environment '\(environment.name)'.").denial
            }
            reviewed.append(environment)
        }
        let now = settings.clock.now()
        let review = DeploymentReview(state: state, reviewer: request.callerLogin, comment: comment, time: now)
        for var job in waiting where reviewed.contains(where: { $0.name.lowercased() == job.environment?.lowercased() }) {
            job.review = review
            if state == "approved" {
                job.status = "queued"
            } else {
                job.status = "completed"
                job.conclusion = "failure"
                job.completed = now
                job.failure = "The deployment to '\(job.environment ?? "")' was rejected by \(request.callerLogin)" + (comment.isEmpty ? "." : ": \(comment)")
            }
            try await store.save(job)
        }
        // The run goes on (or ends) under whichever server drives it next.
        if let resumed = try await store.update(run.id, { if $0.status == "waiting" { $0.status = "in_progress" } }) { starter.wake(resumed) }
        return .json(200, reviewed.map { environment -> [String: Any] in
            [
                "id": environment.id, "environment": environment.name, "state": state, "comment": comment, "creator": ["login": request.callerLogin],
                "created_at": ActionsJSON.timestamp(now),
            ]
        })
    }
}
