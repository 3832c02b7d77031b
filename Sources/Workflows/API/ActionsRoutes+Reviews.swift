import Foundation
import Git

extension ActionsRoutes {
    /// `GET/POST …/actions/runs/{id}/pending_deployments`: the environments a run waits on, and a required reviewer's
    /// approval or rejection of them. An approved job runs (and only then gets its environment's secrets); a rejected
    /// one fails, and so does its run.
    func pendingDeployments(_ request: ForgeRepositoryRequest, runID: String) async throws -> ForgeAnswer {
        try await authorize(request, push: false)
        let run = try await run(runID, request)
        let pending = try await reviews.pending(run)
        guard request.method == "POST" else {
            return .json(200, pending.map { entry -> [String: Any] in
                let environment = entry.environment
                return [
                    "environment": [
                        "id": environment.id, "node_id": "EN_\(environment.id)", "name": environment.name,
                        "url": "\(request.api)/repos/\(request.repository.fullName)/environments/\(environment.name)",
                        "html_url": "\(request.base)/\(request.repository.fullName)/deployments/activity_log?environments_filter=\(environment.name)",
                    ],
                    "wait_timer": environment.waitTimer, "wait_timer_started_at": ActionsJSON.timestamp(entry.jobs.compactMap(\.waitingSince).min()),
                    "current_user_can_approve": RunControl.canReview(environment, login: request.callerLogin),
                    "reviewers": environment.reviewers.map { ["type": $0.type, "reviewer": ["login": $0.login, "id": $0.id, "type": "User"]] },
                ]
            })
        }
        guard let ids = (request.input["environment_ids"] as? [Any])?.compactMap({ ($0 as? NSNumber)?.intValue }), !ids.isEmpty else {
            throw ForgeError(status: 422, message: "Invalid request.\n\n\"environment_ids\" wasn't supplied.")
        }
        guard let state = request.input["state"] as? String, state == "approved" || state == "rejected" else {
            throw ForgeError(status: 422, message: "Invalid request.\n\nstate must be one of: approved, rejected.")
        }
        guard let comment = request.input["comment"] as? String else { throw ForgeError(status: 422, message: "Invalid request.\n\n\"comment\" wasn't supplied.") }
        let reviewed: [EnvironmentRecord]
        do {
            reviewed = try await reviews.review(run, environmentIDs: ids, approve: state == "approved", comment: comment, login: request.callerLogin)
        } catch let refusal as RunControl.Refusal {
            switch refusal {
            case .nothingPending: throw ForgeError(status: 422, message: "This run has no pending deployments.")
            case .unknownEnvironment(let id): throw ForgeError(status: 422, message: "No pending deployment for environment \(id) in this run.")
            case .notReviewer(let login, let environment):
                throw ForgeError(status: 422, message: "\(login) is not a required reviewer of environment '\(environment)'.").denial
            }
        }
        let now = settings.clock.now()
        return .json(200, reviewed.map { environment -> [String: Any] in
            [
                "id": environment.id, "environment": environment.name, "state": state, "comment": comment, "creator": ["login": request.callerLogin],
                "created_at": ActionsJSON.timestamp(now),
            ]
        })
    }
}
