import Foundation
import SlipwayCore
import ServiceKit
import Wire

/// The Projects page: the caller's projects as `ListProjects` gives them (filter, sort, pages of 25), each with its
/// template and creator from `DescribeProject`.
extension ConsolePages {
    static let projectSorts: [(value: String, label: String, by: String, order: String)] = [
        ("created-desc", "Newest first", "CreationTime", "Descending"),
        ("created-asc", "Oldest first", "CreationTime", "Ascending"),
        ("name-asc", "Name, A to Z", "Name", "Ascending"),
        ("name-desc", "Name, Z to A", "Name", "Descending"),
    ]

    func projects(_ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        audit.operation("ListProjects", resource: nil)
        let filter = request.query["name"] ?? ""
        let sort = Self.projectSorts.first { $0.value == request.query["sort"] } ?? Self.projectSorts[0]
        var input: [String: JSONValue] = ["MaxResults": 25, "SortBy": .string(sort.by), "SortOrder": .string(sort.order)]
        if !filter.isEmpty { input["NameContains"] = .string(filter) }
        if let token = request.query["page"], !token.isEmpty { input["NextToken"] = .string(token) }
        var values = frame("Projects", current)
        values["filter"] = filter
        values["sorts"] = Self.projectSorts.map { ["value": $0.value, "label": $0.label, "selected": $0.value == sort.value] as [String: Any] }
        values["empty"] = filter.isEmpty ? "No projects yet. Create one from a template." : "No project's name contains \u{201C}\(filter)\u{201D}."
        if let notice = request.query["notice"], let text = ProjectNotice(rawValue: notice)?.text { values["notice"] = text }
        let listed: JSONValue
        do {
            listed = try await calls.call("sagemaker", "ListProjects", input, as: current, from: request)
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
            values["empty"] = "The projects could not be listed."
            values["projects"] = [[String: Any]]()
            return ConsoleResponse.html(error.isDenied ? 403 : 400, renderer.render("projects", values))
        }
        let summaries = listed.objects("ProjectSummaryList")
        let details = await withTaskGroup(of: (Int, JSONValue?).self) { group in
            for (index, summary) in summaries.enumerated() {
                guard let name = summary.string("ProjectName") else { continue }
                group.addTask { (index, try? await calls.call("sagemaker", "DescribeProject", ["ProjectName": .string(name)], as: current, from: request)) }
            }
            var found: [Int: JSONValue] = [:]
            for await (index, detail) in group { found[index] = detail }
            return found
        }
        values["projects"] = summaries.enumerated().map { index, summary -> [String: Any] in
            let detail = details[index] ?? .object([:])
            let status = summary.string("ProjectStatus") ?? ""
            let template = detail.objects("TemplateProviderDetails").first?["CfnTemplateProviderDetail"]?.string("TemplateName")
            let creator = detail["CreatedBy"]
            let createdBy = creator?.string("UserProfileName") ?? creator?["IamIdentity"]?.string("Arn") ?? ""
            return [
                "name": summary.string("ProjectName") ?? "", "status": status, "tone": Self.tone(status), "template": template ?? "",
                "created": Self.shown(summary.date("CreationTime")), "createdISO": Self.iso(summary.date("CreationTime")), "createdBy": createdBy,
            ]
        }
        var base = "/console/projects?sort=\(sort.value)"
        if !filter.isEmpty { base += "&name=" + FormFields.encode(filter) }
        if let next = listed.string("NextToken") { values["next"] = base + "&page=" + FormFields.encode(next) }
        if request.query["page"] != nil { values["previous"] = base }
        return ConsoleResponse.html(200, renderer.render("projects", values))
    }
}

/// What the Projects page says after an action elsewhere sent the browser back to it.
enum ProjectNotice: String {
    case deleted
    case updating
    case decided

    var text: String {
        switch self {
        case .deleted: "The project is being deleted."
        case .updating: "The update has started: the project's stack is moving to the template's latest version."
        case .decided: "The model version's approval status was updated."
        }
    }
}
