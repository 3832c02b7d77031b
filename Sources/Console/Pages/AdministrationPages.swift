import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// Administration: each domain's template location checked as discovery sees it, the functions with their logs, the
/// event deliveries given up on, and the audit trail with filters. Each section is the API's answer to the signed-in
/// principal, so one who may not see a section sees why.
extension ConsolePages {
    func administration(_ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        audit.operation("Administration", resource: nil)
        var values = frame("Administration", current)
        do {
            let domains = try await calls.call("sagemaker", "ListDomains", [:], as: current, from: request).objects("Domains")
            var checks: [[String: Any]] = []
            for domain in domains {
                guard let id = domain.string("DomainId") else { continue }
                var check: [String: Any] = ["id": id, "name": domain.string("DomainName") ?? ""]
                do {
                    let found = try await calls.call("slipway", "ListProjectTemplates", ["DomainId": .string(id)], as: current, from: request)
                    let templates = found.objects("Templates")
                    check["location"] = found.string("TemplatesLocation") ?? ""
                    check["usable"] = templates.filter { $0.string("ValidationError") == nil }.count
                    check["problems"] = found.objects("Problems").map { ["key": $0.string("Key") ?? "", "problem": $0.string("Problem") ?? ""] }
                        + templates.compactMap { template in
                            template.string("ValidationError").map { ["key": template.string("Name") ?? "", "problem": "Does not validate: \($0)"] }
                        }
                } catch {
                    check["failure"] = error.message
                }
                checks.append(check)
            }
            values["domains"] = checks
        } catch {
            values["domainsError"] = error.message
        }
        do {
            let functions = try await calls.call("lambda", "ListFunctions", [:], as: current, from: request).objects("Functions")
            values["functions"] = functions.map { function -> [String: Any] in
                let name = function.string("FunctionName") ?? ""
                return [
                    "name": name, "href": "/console/admin/functions/\(FormFields.encode(name))", "runtime": function.string("Runtime") ?? "",
                    "handler": function.string("Handler") ?? "", "modified": function.string("LastModified") ?? "",
                ]
            }
        } catch {
            values["functionsError"] = error.message
        }
        do {
            let deliveries = try await calls.call("slipway", "ListFailedDeliveries", [:], as: current, from: request).objects("Deliveries")
            values["deliveries"] = deliveries.map { delivery -> [String: Any] in
                [
                    "rule": delivery.string("RuleArn") ?? "", "target": delivery.string("TargetArn") ?? "", "attempts": Int(delivery["Attempts"]?.numberValue ?? 0),
                    "error": delivery.string("LastError") ?? "", "created": Self.shown(delivery.date("Created")),
                ]
            }
        } catch {
            values["deliveriesError"] = error.message
        }
        return ConsoleResponse.html(200, renderer.render("administration", values))
    }

    func functionLog(_ name: String, _ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        audit.operation("GetFunctionLogs", resource: nil)
        var values = frame(name, current)
        values["name"] = name
        do {
            let log = try await calls.call("slipway", "GetFunctionLogs", ["FunctionName": .string(name)], as: current, from: request)
            values["log"] = (log.string("Log") ?? "").split(separator: "\n", omittingEmptySubsequences: false).suffix(1000).joined(separator: "\n")
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
        }
        return ConsoleResponse.html(200, renderer.render("function-log", values))
    }

    static let decisions = ["allowed", "denied", "unauthenticated", "failed"]

    func auditTrail(_ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        audit.operation("LookupAuditEvents", resource: nil)
        var values = frame("Audit trail", current)
        var input: [String: JSONValue] = ["MaxResults": 100]
        let fields = ["Since": "since", "Principal": "principal", "Service": "service", "Operation": "operation", "Decision": "decision"]
        for (member, field) in fields {
            let value = request.query[field]?.trimmingCharacters(in: .whitespaces) ?? ""
            values[field] = value
            if !value.isEmpty { input[member] = .string(value) }
        }
        if (values["since"] as? String ?? "").isEmpty { values["since"] = "1d" }
        let chosen = request.query["decision"] ?? ""
        values["decisions"] = [["value": "", "label": "Any", "selected": chosen.isEmpty]] + Self.decisions.map { ["value": $0, "label": $0, "selected": $0 == chosen] }
        do {
            let events = try await calls.call("slipway", "LookupAuditEvents", input, as: current, from: request).objects("Events")
            values["events"] = events.map { event -> [String: Any] in
                let decision = event.string("Decision") ?? ""
                return [
                    "time": Self.shown(event.date("Time")), "iso": Self.iso(event.date("Time")), "principal": event.string("Principal") ?? "",
                    "call": "\(event.string("Service") ?? ""):\(event.string("Operation") ?? "")", "resource": event.string("Resource") ?? "",
                    "decision": decision, "tone": decision == "allowed" ? "good" : "bad", "status": Int(event["HttpStatus"]?.numberValue ?? 0),
                    "error": event.string("ErrorCode") ?? "", "source": event.string("SourceIp") ?? "",
                ]
            }
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
        }
        return ConsoleResponse.html(200, renderer.render("audit-trail", values))
    }
}
