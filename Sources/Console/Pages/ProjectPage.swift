import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// A project's page: its Overview (status, the stack's events while they come, outputs, resources and tags), from
/// `DescribeProject`, CloudFormation's `DescribeStacks` / `ListStackResources` / `DescribeStackEvents` and `ListTags`,
/// each as the signed-in principal.
extension ConsolePages {
    /// The tabs a project page has, with the one shown marked.
    static func projectTabs(_ name: String, current: String) -> [[String: Any]] {
        let base = projectBase(name)
        return [("Overview", ""), ("Repositories", "/repositories"), ("Pipelines", "/pipelines"), ("Experiments", "/experiments"), ("Model groups", "/model-groups"), ("Endpoints", "/endpoints"), ("Settings", "/settings")].map { label, suffix in
            ["label": label, "href": base + suffix, "current": label == current]
        }
    }

    /// The path of a project's pages.
    static func projectBase(_ name: String) -> String { "/console/projects/" + FormFields.encode(name) }

    /// The project `name` as `DescribeProject` answers the caller, or the page that says why not.
    func describedProject(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> Result<JSONValue, WireResponseBox> {
        do {
            let project = try await calls.call("sagemaker", "DescribeProject", ["ProjectName": .string(name)], as: current, from: request)
            audit.operation("DescribeProject", resource: project.string("ProjectArn"))
            return .success(project)
        } catch {
            if error.isDenied { audit.denied() }
            return .failure(WireResponseBox(message(status: error.isDenied ? 403 : 404, heading: name, text: error.message, back: "/console/projects", signedIn: current)))
        }
    }

    /// The values every project page's header shows, with `tab` marked.
    func projectFrame(_ project: JSONValue, name: String, tab: String, current: ConsoleSessions.Current) -> [String: Any] {
        let status = project.string("ProjectStatus") ?? ""
        var values = frame(name, current)
        values.merge([
            "name": project.string("ProjectName") ?? name, "status": status, "tone": Self.tone(status), "tabs": Self.projectTabs(name, current: tab),
            "base": Self.projectBase(name),
        ]) { _, new in new }
        return values
    }

    func project(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        audit.operation("DescribeProject", resource: nil)
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        let status = project.string("ProjectStatus") ?? ""
        let settling = status == "Pending" || status.hasSuffix("InProgress")
        var values = projectFrame(project, name: name, tab: "Overview", current: current)
        if settling { values["refreshSeconds"] = "2" }
        if let notice = request.query["notice"].flatMap(ProjectNotice.init(rawValue:)) { values["notice"] = notice.text }
        let provider = project.objects("TemplateProviderDetails").first?["CfnTemplateProviderDetail"]
        let stack = provider?["StackDetail"]
        let creator = project["CreatedBy"]
        values.merge([
            "settling": settling, "description": project.string("ProjectDescription") ?? "",
            "id": project.string("ProjectId") ?? "", "templateName": provider?.string("TemplateName") ?? "",
            "created": Self.shown(project.date("CreationTime")),
            "createdBy": creator?.string("UserProfileName") ?? creator?["IamIdentity"]?.string("Arn") ?? "",
            "stackName": stack?.string("Name") ?? "",
        ]) { _, new in new }
        if status.hasSuffix("Failed"), let message = project.string("ProjectStatusMessage") ?? stack?.string("StatusMessage") { values["statusMessage"] = message }
        var problems: [String] = []
        if let stackID = stack?.string("Id") ?? stack?.string("Name"), !stackID.isEmpty {
            let input: [String: JSONValue] = ["StackName": .string(stackID)]
            do {
                let described = try await calls.call("cloudformation", "DescribeStacks", input, as: current, from: request)
                values["outputs"] = (described.objects("Stacks").first?.objects("Outputs") ?? []).map { output -> [String: Any] in
                    ["key": output.string("OutputKey") ?? "", "value": output.string("OutputValue") ?? "", "description": output.string("Description") ?? ""]
                }
            } catch { problems.append(error.message) }
            do {
                let listed = try await calls.call("cloudformation", "ListStackResources", input, as: current, from: request)
                values["resources"] = listed.objects("StackResourceSummaries").map { resource -> [String: Any] in
                    let state = resource.string("ResourceStatus") ?? "", type = resource.string("ResourceType") ?? ""
                    let physical = resource.string("PhysicalResourceId") ?? ""
                    var row: [String: Any] = [
                        "logical": resource.string("LogicalResourceId") ?? "", "physical": physical, "type": type, "status": state, "tone": Self.stackTone(state),
                    ]
                    if !physical.isEmpty, let href = Self.resourcePage(type: type, physicalID: physical, project: name) { row["href"] = href }
                    return row
                }
            } catch { problems.append(error.message) }
            do {
                let events = try await calls.call("cloudformation", "DescribeStackEvents", input, as: current, from: request)
                let timeline = events.objects("StackEvents").compactMap { event -> StackTimeline.Event? in
                    guard let id = event.string("LogicalResourceId"), let status = event.string("ResourceStatus"), let time = event.date("Timestamp") else { return nil }
                    return StackTimeline.Event(logicalID: id, status: status, time: time)
                }
                if let drawn = StackTimeline.svg(timeline, title: "Timeline of the stack's resources") { values["timeline"] = drawn }
                values["events"] = events.objects("StackEvents").map { event -> [String: Any] in
                    let state = event.string("ResourceStatus") ?? ""
                    return [
                        "time": Self.shown(event.date("Timestamp")), "iso": Self.iso(event.date("Timestamp")), "logical": event.string("LogicalResourceId") ?? "",
                        "type": event.string("ResourceType") ?? "", "status": state, "tone": Self.stackTone(state), "reason": event.string("ResourceStatusReason") ?? "",
                    ]
                }
            } catch { problems.append(error.message) }
        }
        if let arn = project.string("ProjectArn") {
            do {
                let tags = try await calls.call("sagemaker", "ListTags", ["ResourceArn": .string(arn)], as: current, from: request)
                values["tags"] = tags.objects("Tags").map { ["key": $0.string("Key") ?? "", "value": $0.string("Value") ?? ""] }
            } catch { problems.append(error.message) }
        }
        // Each refusal once: the same denial for three stack calls says it once.
        var seen = Set<String>()
        let distinct = problems.filter { seen.insert($0).inserted }
        if !distinct.isEmpty { values["sectionError"] = distinct.joined(separator: " ") }
        return ConsoleResponse.html(200, renderer.render("project", values))
    }

    /// The console page that shows a stack resource of `type`, if there is one.
    static func resourcePage(type: String, physicalID: String, project: String) -> String? {
        let base = projectBase(project)
        switch type {
        case "AWS::SageMaker::ModelPackageGroup": return base + "/model-groups"
        case "AWS::SageMaker::Pipeline": return base + "/pipelines"
        case "AWS::SageMaker::Endpoint": return base + "/endpoints"
        case "AWS::CodeCommit::Repository", "Slipway::Git::Repository": return base + "/repositories"
        case "AWS::SageMaker::MlflowTrackingServer": return base + "/experiments"
        case "AWS::Lambda::Function": return "/console/admin/functions/" + FormFields.encode(physicalID)
        default: return nil
        }
    }

    /// How a CloudFormation status reads: complete, failed or rolled back, or under way.
    static func stackTone(_ status: String) -> String {
        if status.contains("FAILED") || status.contains("ROLLBACK") { return "bad" }
        if status.hasSuffix("_COMPLETE") { return "good" }
        return "busy"
    }
}

/// A finished page carried where an error is expected.
struct WireResponseBox: Error {
    let response: WireResponse
    init(_ response: WireResponse) { self.response = response }
}
