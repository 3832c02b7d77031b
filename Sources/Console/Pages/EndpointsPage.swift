import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// A project's Endpoints: the endpoints tagged with its id, with status, failure reason and variants (weights and
/// instance counts), and a test-invoke form that sends a request through `InvokeEndpoint` as the signed-in user.
extension ConsolePages {
    static let invokeContentTypes = ["text/csv", "application/json", "text/libsvm"]

    func endpoints(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit, invocation: [String: Any]? = nil) async -> WireResponse {
        let project: JSONValue
        switch await describedProject(name, request, current, audit: audit) {
        case .success(let found): project = found
        case .failure(let page): return page.response
        }
        audit.operation("ListEndpoints", resource: nil)
        var values = projectFrame(project, name: name, tab: "Endpoints", current: current)
        values["empty"] = "No endpoint carries this project's id yet."
        let projectID = project.string("ProjectId") ?? ""
        do {
            let listed = try await calls.call("sagemaker", "ListEndpoints", ["MaxResults": 100], as: current, from: request).objects("Endpoints")
            var shown: [[String: Any]] = [], settling = false
            for summary in listed {
                guard let arn = summary.string("EndpointArn"), let endpoint = summary.string("EndpointName") else { continue }
                let tags = try await calls.call("sagemaker", "ListTags", ["ResourceArn": .string(arn)], as: current, from: request).objects("Tags")
                guard tags.contains(where: { $0.string("Key") == "sagemaker:project-id" && $0.string("Value") == projectID }) else { continue }
                let described = try await calls.call("sagemaker", "DescribeEndpoint", ["EndpointName": .string(endpoint)], as: current, from: request)
                let status = described.string("EndpointStatus") ?? ""
                settling = settling || ["Creating", "Updating", "SystemUpdating", "RollingBack", "Deleting"].contains(status)
                var section: [String: Any] = [
                    "index": shown.count, "name": endpoint, "status": status, "tone": Self.tone(status), "config": described.string("EndpointConfigName") ?? "",
                    "failure": described.string("FailureReason") ?? "", "created": Self.shown(described.date("CreationTime")),
                    "variants": described.objects("ProductionVariants").map { variant -> [String: Any] in
                        [
                            "name": variant.string("VariantName") ?? "", "weight": Self.number(variant["CurrentWeight"]?.numberValue ?? 0),
                            "instances": Int(variant["CurrentInstanceCount"]?.numberValue ?? 0),
                        ]
                    },
                    "action": "\(Self.projectBase(name))/endpoints/invoke", "csrf": current.session.csrf,
                    "contentTypes": Self.invokeContentTypes.map { ["value": $0, "selected": $0 == "text/csv"] as [String: Any] },
                    "canInvoke": status == "InService" || status == "Updating",
                ]
                if let invocation, invocation["endpoint"] as? String == endpoint { section["invocation"] = invocation }
                shown.append(section)
            }
            values["endpoints"] = shown
            if settling && invocation == nil { values["refreshSeconds"] = "3" }
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
        }
        return ConsoleResponse.html(200, renderer.render("endpoints", values))
    }

    /// Sends the test-invoke form's body to the endpoint and shows the answer (or SageMaker's error) under it.
    func invokeEndpoint(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        let endpoint = request.form["endpoint"] ?? ""
        let contentType = Self.invokeContentTypes.contains(request.form["content_type"] ?? "") ? (request.form["content_type"] ?? "") : "text/csv"
        var wire = WireRequest(method: "POST", path: "/endpoints/\(endpoint)/invocations", headers: [("Content-Type", contentType)], body: Array((request.form["body"] ?? "").utf8))
        wire.pathParameters = ["EndpointName": endpoint]
        if let accept = request.form["accept"], !accept.isEmpty { wire.headers.append(("Accept", accept)) }
        var invocation: [String: Any] = ["endpoint": endpoint, "sent": request.form["body"] ?? ""]
        do {
            let answer = try await calls.send("sagemaker-runtime", "InvokeEndpoint", wire, as: current, from: request)
            audit.operation("InvokeEndpoint", resource: nil)
            invocation["answer"] = String(decoding: answer.body.prefix(64 * 1024), as: UTF8.self)
            invocation["variant"] = answer.header("x-Amzn-Invoked-Production-Variant") ?? ""
            invocation["type"] = answer.header("Content-Type") ?? ""
        } catch {
            audit.operation("InvokeEndpoint", resource: nil)
            if error.isDenied { audit.denied() }
            invocation["error"] = "\(error.code): \(error.message)"
        }
        return await endpoints(name, request, current, audit: audit, invocation: invocation)
    }
}
