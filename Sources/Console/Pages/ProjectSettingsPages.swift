import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// A project's Settings: the template and the S3 version it runs, an update previewed (`PlanProjectUpdate`) before
/// `UpdateProject` runs it, and a delete that first lists what goes with the stack and what a cascade would remove.
extension ConsolePages {
    func settings(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        var values = projectFrame(project, name: name, tab: "Settings", current: current)
        do {
            let template = try await calls.call("slipway", "DescribeProjectTemplate", ["ProjectName": .string(name)], as: current, from: request)
            values["templateName"] = template.string("TemplateName") ?? ""
            values["templateURL"] = template.string("TemplateURL") ?? ""
            values["version"] = template.string("VersionId") ?? "(unversioned bucket)"
            values["latest"] = template.string("LatestVersionId") ?? "(unknown)"
            values["updateAvailable"] = template["UpdateAvailable"]?.boolValue ?? false
            if let problem = template.string("LatestError") { values["latestError"] = "The template's location cannot be read: \(problem)" }
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
        }
        return ConsoleResponse.html(200, renderer.render("settings", values))
    }

    /// The template provider an update keeps: the project's own template URL, launch role and parameters, read anew.
    static func updateProvider(_ project: JSONValue) -> JSONValue? {
        guard let provider = project.objects("TemplateProviderDetails").first?["CfnTemplateProviderDetail"],
              let url = provider.string("TemplateURL"), let name = provider.string("TemplateName")
        else { return nil }
        var fields: [String: JSONValue] = ["TemplateName": .string(name), "TemplateURL": .string(url)]
        if let role = provider.string("RoleARN") { fields["RoleARN"] = .string(role) }
        if let parameters = provider["Parameters"] { fields["Parameters"] = parameters }
        return ["CfnTemplateProvider": .object(fields)]
    }

    func updatePreview(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        audit.operation("PlanProjectUpdate", resource: project.string("ProjectArn"))
        var values = projectFrame(project, name: name, tab: "Settings", current: current)
        values["changes"] = [[String: Any]]()
        guard let provider = Self.updateProvider(project) else {
            values["error"] = "The project has no template to update from."
            return ConsoleResponse.html(400, renderer.render("update-preview", values))
        }
        do {
            let plan = try await calls.call(
                "slipway", "PlanProjectUpdate", ["ProjectName": .string(name), "TemplateProvidersToUpdate": [provider]], as: current, from: request
            )
            if let version = plan.string("VersionId") { values["version"] = version }
            values["changes"] = plan.objects("Changes").map { change -> [String: Any] in
                [
                    "action": change.string("Action") ?? "", "logical": change.string("LogicalResourceId") ?? "",
                    "physical": change.string("PhysicalResourceId") ?? "", "type": change.string("ResourceType") ?? "",
                    "replacement": change.string("Replacement") ?? "",
                    "properties": (change["ChangedProperties"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", "),
                ]
            }
            values["canUpdate"] = true
            return ConsoleResponse.html(200, renderer.render("update-preview", values))
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
            return ConsoleResponse.html(error.isDenied ? 403 : 400, renderer.render("update-preview", values))
        }
    }

    func update(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        audit.operation("UpdateProject", resource: project.string("ProjectArn"))
        guard let provider = Self.updateProvider(project) else { return ConsoleResponse.redirect(Self.projectBase(name) + "/settings") }
        do {
            _ = try await calls.call("sagemaker", "UpdateProject", ["ProjectName": .string(name), "TemplateProvidersToUpdate": [provider]], as: current, from: request)
            return ConsoleResponse.redirect(Self.projectBase(name) + "?notice=\(ProjectNotice.updating.rawValue)")
        } catch {
            if error.isDenied { audit.denied() }
            var values = projectFrame(project, name: name, tab: "Settings", current: current)
            values["changes"] = [[String: Any]]()
            values["error"] = error.message
            return ConsoleResponse.html(error.isDenied ? 403 : 400, renderer.render("update-preview", values))
        }
    }

    func deleteConfirmation(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        var values = projectFrame(project, name: name, tab: "Settings", current: current)
        var problems: [String] = []
        if let stack = project.objects("TemplateProviderDetails").first?["CfnTemplateProviderDetail"]?["StackDetail"], let id = stack.string("Id") ?? stack.string("Name") {
            do {
                let listed = try await calls.call("cloudformation", "ListStackResources", ["StackName": .string(id)], as: current, from: request)
                values["resources"] = listed.objects("StackResourceSummaries").map { resource -> [String: Any] in
                    ["logical": resource.string("LogicalResourceId") ?? "", "physical": resource.string("PhysicalResourceId") ?? "", "type": resource.string("ResourceType") ?? ""]
                }
            } catch { problems.append(error.message) }
        }
        do {
            let dryRun = try await calls.call("slipway", "DeleteProject", ["ProjectName": .string(name), "DryRun": true], as: current, from: request)
            let outside = dryRun.objects("OutsideStack")
            values["hasOutside"] = !outside.isEmpty
            values["outside"] = outside.map { ["arn": $0.string("ResourceARN") ?? "", "type": $0.string("ResourceType") ?? ""] }
        } catch { problems.append(error.message) }
        if !problems.isEmpty { values["error"] = problems.joined(separator: " ") }
        return ConsoleResponse.html(200, renderer.render("delete-confirm", values))
    }

    func delete(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        audit.operation("DeleteProject", resource: nil)
        do {
            _ = try await calls.call(
                "slipway", "DeleteProject", ["ProjectName": .string(name), "Cascade": .bool(request.form["cascade"] == "true")], as: current, from: request
            )
            return ConsoleResponse.redirect("/console/projects?notice=\(ProjectNotice.deleted.rawValue)")
        } catch {
            if error.isDenied { audit.denied() }
            return message(status: error.isDenied ? 403 : 400, heading: "The project was not deleted", text: error.message, back: Self.projectBase(name) + "/settings", signedIn: current)
        }
    }
}
