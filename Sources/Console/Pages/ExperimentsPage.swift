import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// A project's Experiments: the account's managed MLflow tracking servers (the project's own first), each opened in
/// MLflow's UI through `CreatePresignedMlflowTrackingServerUrl` as the signed-in user.
extension ConsolePages {
    func experiments(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        audit.operation("ListMlflowTrackingServers", resource: nil)
        var values = projectFrame(project, name: name, tab: "Experiments", current: current)
        let projectID = project.string("ProjectId") ?? ""
        do {
            let servers = try await calls.call("sagemaker", "ListMlflowTrackingServers", ["MaxResults": 100], as: current, from: request).objects("TrackingServerSummaries")
            var rows: [(own: Bool, values: [String: Any])] = []
            for server in servers {
                guard let arn = server.string("TrackingServerArn"), let serverName = server.string("TrackingServerName") else { continue }
                let tags = (try? await calls.call("sagemaker", "ListTags", ["ResourceArn": .string(arn)], as: current, from: request).objects("Tags")) ?? []
                let own = tags.contains { $0.string("Key") == "sagemaker:project-id" && $0.string("Value") == projectID }
                let status = server.string("TrackingServerStatus") ?? ""
                // Running: created, started again after a stop, or updated.
                let running = ["Created", "Started", "Updated"].contains(status)
                rows.append((own, [
                    "name": serverName, "status": status, "tone": running ? "good" : Self.tone(status), "version": server.string("MlflowVersion") ?? "",
                    "own": own, "open": running, "action": "\(Self.projectBase(name))/experiments/open", "csrf": current.session.csrf,
                ]))
            }
            values["servers"] = rows.sorted { $0.own && !$1.own }.map(\.values)
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
        }
        return ConsoleResponse.html(200, renderer.render("experiments", values))
    }

    /// A presigned link into the tracking server's MLflow UI, followed at once.
    func openMlflow(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let server = request.form["server"] ?? ""
        audit.operation("CreatePresignedMlflowTrackingServerUrl", resource: nil)
        do {
            let answer = try await calls.call(
                "sagemaker", "CreatePresignedMlflowTrackingServerUrl", ["TrackingServerName": .string(server), "ExpiresInSeconds": 30], as: current, from: request
            )
            guard let url = answer.string("AuthorizedUrl"), let link = URL(string: url), link.path.hasPrefix("/_slipway/mlflow/") else {
                return message(status: 400, heading: "MLflow", text: "No link into MLflow came back.", back: "\(Self.projectBase(name))/experiments", signedIn: current)
            }
            // The link is followed on this host: only its path and query leave the console.
            return ConsoleResponse.redirect(link.path + (link.query.map { "?" + $0 } ?? ""))
        } catch {
            if error.isDenied { audit.denied() }
            return message(status: error.isDenied ? 403 : 400, heading: "MLflow could not be opened", text: error.message, back: "\(Self.projectBase(name))/experiments", signedIn: current)
        }
    }
}
