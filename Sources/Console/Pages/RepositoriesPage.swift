import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// A project's Repositories: the git repositories tagged with its id (clone URL, default branch's latest commit, the
/// workflow runs), and a run's page with its jobs, their logs as they grow, and the review of a job waiting on an
/// environment's approval.
extension ConsolePages {
    func repositories(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        audit.operation("ListRepositories", resource: nil)
        var values = projectFrame(project, name: name, tab: "Repositories", current: current)
        values["empty"] = "No repository carries this project's id yet."
        let projectID = project.string("ProjectId") ?? ""
        do {
            let listed = try await calls.call("codecommit", "ListRepositories", [:], as: current, from: request).objects("repositories")
            var shown: [[String: Any]] = []
            for entry in listed {
                guard let repository = entry.string("repositoryName") else { continue }
                let metadata = try await calls.call("codecommit", "GetRepository", ["repositoryName": .string(repository)], as: current, from: request)["repositoryMetadata"] ?? .null
                guard let arn = metadata.string("Arn") else { continue }
                let tags = try await calls.call("codecommit", "ListTagsForResource", ["resourceArn": .string(arn)], as: current, from: request)["tags"]?.objectValue ?? [:]
                guard tags["sagemaker:project-id"]?.stringValue == projectID else { continue }
                var section: [String: Any] = ["index": shown.count, "name": repository, "clone": metadata.string("cloneUrlHttp") ?? "", "description": metadata.string("repositoryDescription") ?? ""]
                if let branch = metadata.string("defaultBranch") {
                    section["branch"] = branch
                    if let found = try? await calls.call("codecommit", "GetBranch", ["repositoryName": .string(repository), "branchName": .string(branch)], as: current, from: request) {
                        section["commit"] = found["branch"]?.string("commitId") ?? ""
                    }
                }
                let runs = try await calls.call("slipway", "ListWorkflowRuns", ["Repository": .string(repository)], as: current, from: request).objects("Runs")
                section["runs"] = runs.sorted { ($0["RunId"]?.numberValue ?? 0) > ($1["RunId"]?.numberValue ?? 0) }.prefix(10).map { run -> [String: Any] in
                    let state = Self.runState(run)
                    return [
                        "href": "\(Self.projectBase(name))/runs/\(Int(run["RunId"]?.numberValue ?? 0))", "label": "\(run.string("Workflow") ?? "") #\(Int(run["RunNumber"]?.numberValue ?? 0))",
                        "event": run.string("Event") ?? "", "ref": run.string("Ref") ?? "", "actor": run.string("Actor") ?? "", "state": state, "tone": Self.runTone(state),
                        "created": Self.shown(run.date("Created")),
                    ]
                }
                shown.append(section)
            }
            values["repositories"] = shown
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
        }
        return ConsoleResponse.html(200, renderer.render("repositories", values))
    }

    /// A log line without the terminal's colour and cursor codes.
    static func withoutTerminalCodes(_ line: String) -> String {
        line.replacingOccurrences(of: "\u{1B}\\[[0-9;?]*[A-Za-z]", with: "", options: .regularExpression)
    }

    /// A run's status, or its conclusion once completed.
    static func runState(_ run: JSONValue) -> String {
        run.string("Status") == "completed" ? (run.string("Conclusion") ?? "completed") : (run.string("Status") ?? "")
    }

    static func runTone(_ state: String) -> String {
        switch state {
        case "success": "good"
        case "failure", "cancelled", "timed_out": "bad"
        default: "busy"
        }
    }

    func workflowRun(_ name: String, runID: Int, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        audit.operation("GetWorkflowRun", resource: nil)
        var values = projectFrame(project, name: name, tab: "Repositories", current: current)
        if request.query["notice"] == "reviewed" { values["notice"] = "Your review was recorded." }
        do {
            let shown = try await calls.call("slipway", "GetWorkflowRun", ["RunId": .number(Double(runID))], as: current, from: request)
            let run = shown["Run"] ?? .null
            let state = Self.runState(run)
            values.merge([
                "runTitle": "\(run.string("Workflow") ?? "") #\(Int(run["RunNumber"]?.numberValue ?? 0))", "repository": run.string("Repository") ?? "",
                "runState": state, "runTone": Self.runTone(state), "event": run.string("Event") ?? "", "ref": run.string("Ref") ?? "",
                "sha": run.string("HeadSha") ?? "", "actor": run.string("Actor") ?? "", "failure": run.string("Failure") ?? "",
                "reviewAction": "\(Self.projectBase(name))/runs/\(runID)/review",
            ]) { _, new in new }
            if run.string("Status") != "completed" { values["refreshSeconds"] = "3" }
            var jobs: [[String: Any]] = [], waiting: [String] = []
            for job in shown.objects("Jobs") {
                let jobState = job.string("Status") == "completed" ? (job.string("Conclusion") ?? "completed") : (job.string("Status") ?? "")
                if job.string("Status") == "waiting", let environment = job.string("Environment") { waiting.append(environment) }
                var lines: [String] = []
                if let id = job["JobId"]?.numberValue,
                   let log = try? await calls.call("slipway", "GetWorkflowJobLog", ["JobId": .number(id)], as: current, from: request) {
                    lines = log.objects("Lines").suffix(500).compactMap { $0.string("Text").map(Self.withoutTerminalCodes) }
                }
                jobs.append([
                    "index": jobs.count, "name": job.string("Name") ?? "", "state": jobState, "tone": Self.runTone(jobState),
                    "environment": job.string("Environment") ?? "", "review": job.string("Review") ?? "", "failure": job.string("Failure") ?? "",
                    "log": lines.joined(separator: "\n"), "hasLog": !lines.isEmpty,
                ])
            }
            values["jobs"] = jobs
            if !waiting.isEmpty { values["waiting"] = waiting.joined(separator: ", ") }
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
        }
        return ConsoleResponse.html(200, renderer.render("workflow-run", values))
    }

    func reviewRun(_ name: String, runID: Int, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        audit.operation("ReviewWorkflowRun", resource: nil)
        let state = request.form["state"] ?? ""
        var input: [String: JSONValue] = ["RunId": .number(Double(runID)), "State": .string(state)]
        if let comment = request.form["comment"], !comment.isEmpty { input["Comment"] = .string(comment) }
        do {
            _ = try await calls.call("slipway", "ReviewWorkflowRun", input, as: current, from: request)
            return ConsoleResponse.redirect("\(Self.projectBase(name))/runs/\(runID)?notice=reviewed")
        } catch {
            if error.isDenied { audit.denied() }
            return message(status: error.isDenied ? 403 : 400, heading: "The review was not recorded", text: error.message, back: "\(Self.projectBase(name))/runs/\(runID)", signedIn: current)
        }
    }
}
