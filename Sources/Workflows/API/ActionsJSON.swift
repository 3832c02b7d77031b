import Foundation
import Git

/// GitHub's JSON for workflows, runs, jobs and steps, with every URL built from the host the request came to.
struct ActionsJSON {
    let api: String
    let base: String
    let repository: HostedRepository

    var repositoryURL: String { "\(api)/repos/\(repository.fullName)" }

    static func timestamp(_ date: Date?) -> Any {
        guard let date else { return NSNull() }
        return date.ISO8601Format(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon)) + "Z"
    }

    func workflow(path: String, name: String, created: Date?) -> [String: Any] {
        let id = repository.workflowID(path: path)
        return [
            "id": id, "node_id": "W_\(id)", "name": name, "path": path, "state": "active", "created_at": Self.timestamp(created),
            "updated_at": Self.timestamp(created), "url": "\(repositoryURL)/actions/workflows/\(id)", "html_url": "\(base)/\(repository.fullName)/blob/HEAD/\(path)",
            "badge_url": "\(base)/\(repository.fullName)/workflows/\(name)/badge.svg",
        ]
    }

    func actor(_ login: String) -> [String: Any] {
        ["login": login, "id": 0, "type": "User", "url": "\(api)/users/\(login)", "site_admin": false]
    }

    func run(_ run: WorkflowRunRecord) -> [String: Any] {
        let url = "\(repositoryURL)/actions/runs/\(run.id)"
        var json: [String: Any] = [
            "id": run.id, "node_id": "WFR_\(run.id)", "name": run.workflowName, "display_title": run.workflowName, "head_sha": run.headSha,
            "path": run.workflowPath, "run_number": run.runNumber, "run_attempt": run.attempt, "event": run.event, "status": run.status,
            "workflow_id": run.workflowID, "check_suite_id": run.id, "url": url, "html_url": "\(base)/\(repository.fullName)/actions/runs/\(run.id)",
            "created_at": Self.timestamp(run.created), "updated_at": Self.timestamp(run.updated), "run_started_at": Self.timestamp(run.started ?? run.created),
            "jobs_url": "\(url)/jobs", "logs_url": "\(url)/logs", "check_suite_url": "\(url)/check-suite", "artifacts_url": "\(url)/artifacts",
            "cancel_url": "\(url)/cancel", "rerun_url": "\(url)/rerun",
            "previous_attempt_url": run.attempt > 1 ? "\(url)/attempts/\(run.attempt - 1)" as Any : NSNull(),
            "workflow_url": "\(repositoryURL)/actions/workflows/\(run.workflowID)", "pull_requests": [] as [Any],
            "actor": actor(run.actorLogin), "triggering_actor": actor(run.actorLogin),
            "head_commit": ["id": run.headSha, "tree_id": "", "message": "", "timestamp": Self.timestamp(run.created)],
            "repository": ["id": repository.numericID, "name": repository.name, "full_name": repository.fullName, "url": repositoryURL],
            "head_repository": ["id": repository.numericID, "name": repository.name, "full_name": repository.fullName, "url": repositoryURL],
        ]
        json["head_branch"] = run.headBranch ?? String(run.ref.split(separator: "/").last ?? "")
        json["conclusion"] = run.conclusion ?? NSNull()
        if let failure = run.failure { json["slipway_failure"] = failure }
        return json
    }

    func job(_ job: WorkflowJobRecord, run: WorkflowRunRecord) -> [String: Any] {
        let url = "\(repositoryURL)/actions/jobs/\(job.id)"
        var json: [String: Any] = [
            "id": job.id, "run_id": job.runID, "run_url": "\(repositoryURL)/actions/runs/\(job.runID)", "run_attempt": job.attempt, "node_id": "CR_\(job.id)",
            "head_sha": run.headSha, "url": url, "html_url": "\(base)/\(repository.fullName)/actions/runs/\(job.runID)/job/\(job.id)", "status": job.status,
            "created_at": Self.timestamp(job.created), "started_at": Self.timestamp(job.started ?? job.created), "completed_at": Self.timestamp(job.completed),
            "name": job.name, "check_run_url": "\(repositoryURL)/check-runs/\(job.id)", "labels": ["self-hosted", "slipway"], "runner_id": 1,
            "runner_name": job.runnerName ?? NSNull(), "runner_group_id": 1, "runner_group_name": "Default", "workflow_name": run.workflowName,
            "head_branch": run.headBranch ?? NSNull(),
            "steps": job.steps.map { step -> [String: Any] in
                [
                    "name": step.name, "status": step.status, "conclusion": step.conclusion ?? NSNull(), "number": step.number,
                    "started_at": Self.timestamp(step.started), "completed_at": Self.timestamp(step.completed),
                ]
            },
        ]
        json["conclusion"] = job.conclusion ?? NSNull()
        if let failure = job.failure { json["slipway_failure"] = failure }
        return json
    }
}
