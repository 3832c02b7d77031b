import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// A project's Model groups: the model package groups tagged with its id, each version with its status, metrics
/// (its numeric customer metadata, charted) and approval comment, approved or rejected with `UpdateModelPackage`.
extension ConsolePages {
    func modelGroups(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        audit.operation("ListModelPackageGroups", resource: nil)
        var values = projectFrame(project, name: name, tab: "Model groups", current: current)
        values["empty"] = "No model package group carries this project's id yet."
        if let notice = request.query["notice"].flatMap(ProjectNotice.init(rawValue:)) { values["notice"] = notice.text }
        let projectID = project.string("ProjectId") ?? ""
        do {
            let groups = try await calls.call("sagemaker", "ListModelPackageGroups", ["MaxResults": 100], as: current, from: request).objects("ModelPackageGroupSummaryList")
            var shown: [[String: Any]] = []
            for group in groups {
                guard let arn = group.string("ModelPackageGroupArn"), let groupName = group.string("ModelPackageGroupName") else { continue }
                let tags = try await calls.call("sagemaker", "ListTags", ["ResourceArn": .string(arn)], as: current, from: request).objects("Tags")
                guard tags.contains(where: { $0.string("Key") == "sagemaker:project-id" && $0.string("Value") == projectID }) else { continue }
                shown.append(try await groupValues(group, name: groupName, index: shown.count, base: Self.projectBase(name), request, current))
            }
            values["groups"] = shown
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
        }
        return ConsoleResponse.html(200, renderer.render("model-groups", values))
    }

    private func groupValues(_ group: JSONValue, name: String, index: Int, base: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current) async throws(ConsoleCalls.Failure) -> [String: Any] {
        let summaries = try await calls.call(
            "sagemaker", "ListModelPackages", ["ModelPackageGroupName": .string(name), "SortBy": "CreationTime", "SortOrder": "Descending", "MaxResults": 100],
            as: current, from: request
        ).objects("ModelPackageSummaryList")
        var versions: [[String: Any]] = [], metrics: [(version: Int, metrics: [String: String])] = []
        for summary in summaries {
            guard let arn = summary.string("ModelPackageArn") else { continue }
            let detail = try await calls.call("sagemaker", "DescribeModelPackage", ["ModelPackageName": .string(arn)], as: current, from: request)
            let version = Int(summary["ModelPackageVersion"]?.numberValue ?? 0)
            var properties: [String: String] = [:]
            for (key, value) in detail["CustomerMetadataProperties"]?.objectValue ?? [:] { properties[key] = value.stringValue }
            metrics.append((version, properties))
            let status = summary.string("ModelApprovalStatus") ?? ""
            versions.append([
                "id": "\(index)-\(version)", "arn": arn, "version": version, "status": status, "tone": Self.tone(status),
                "metrics": properties.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "),
                "created": Self.shown(summary.date("CreationTime")), "comment": detail.string("ApprovalDescription") ?? "", "base": base,
                "csrf": current.session.csrf,
            ])
        }
        var values: [String: Any] = ["index": index, "name": name, "versions": versions]
        if let description = group.string("ModelPackageGroupDescription") { values["description"] = description }
        if let chart = MetricChart.svg(MetricChart.series(metrics), title: "Metrics of \(name) by version") {
            values["chart"] = chart
            values["chartTitle"] = "Metrics by version"
        }
        return values
    }

    func decide(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let package = request.form["package"] ?? "", decision = request.form["decision"] ?? ""
        audit.operation("UpdateModelPackage", resource: package)
        guard ["Approved", "Rejected"].contains(decision) else {
            return message(status: 400, heading: "No decision", text: "Choose Approve or Reject.", back: Self.projectBase(name) + "/model-groups", signedIn: current)
        }
        var input: [String: JSONValue] = ["ModelPackageArn": .string(package), "ModelApprovalStatus": .string(decision)]
        if let comment = request.form["comment"], !comment.isEmpty { input["ApprovalDescription"] = .string(comment) }
        do {
            _ = try await calls.call("sagemaker", "UpdateModelPackage", input, as: current, from: request)
            return ConsoleResponse.redirect(Self.projectBase(name) + "/model-groups?notice=\(ProjectNotice.decided.rawValue)")
        } catch {
            if error.isDenied { audit.denied() }
            return message(status: error.isDenied ? 403 : 400, heading: "The decision was not recorded", text: error.message, back: Self.projectBase(name) + "/model-groups", signedIn: current)
        }
    }
}
