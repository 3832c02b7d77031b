import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// Create project: pick a domain's template (the organization's, exactly as discovery lists them, or Slipway's own),
/// fill the form its parameters and interface describe, and launch it with `CreateProject` as the signed-in principal.
extension ConsolePages {
    /// The template sources the page's tabs show.
    enum TemplateTab: String {
        case organization, slipway
    }

    /// The domains the caller can see, and which one the page is about (the one asked for, else the only one).
    func domains(_ request: ConsoleRequest, _ current: ConsoleSessions.Current) async throws(ConsoleCalls.Failure) -> (all: [JSONValue], chosen: String?) {
        let listed = try await calls.call("sagemaker", "ListDomains", [:], as: current, from: request).objects("Domains")
        let asked = request.query["domain"] ?? request.form["domain"]
        if let asked, listed.contains(where: { $0.string("DomainId") == asked }) { return (listed, asked) }
        return (listed, listed.count == 1 ? listed[0].string("DomainId") : nil)
    }

    func chooseTemplate(_ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        audit.operation("ListProjectTemplates", resource: nil)
        var values = frame("Create project", current)
        let tab = TemplateTab(rawValue: request.query["tab"] ?? "") ?? .organization
        values["tab"] = tab.rawValue
        values["isOrganization"] = tab == .organization
        values["isSlipway"] = tab == .slipway
        values["templates"] = [[String: Any]]()
        do {
            let (all, chosen) = try await domains(request, current)
            values["chooseDomain"] = all.count > 1
            values["domains"] = all.map { domain -> [String: Any] in
                ["id": domain.string("DomainId") ?? "", "name": domain.string("DomainName") ?? "", "selected": domain.string("DomainId") == chosen]
            }
            guard let chosen else {
                if all.isEmpty { values["error"] = "There is no SageMaker domain yet: an administrator creates one (aws sagemaker create-domain) and tags it with sagemaker:projectS3TemplatesLocation." }
                return ConsoleResponse.html(200, renderer.render("choose-template", values))
            }
            values["domain"] = chosen
            let discovered = try await calls.call("slipway", "ListProjectTemplates", ["DomainId": .string(chosen)], as: current, from: request)
            let templates = tab == .organization ? discovered.objects("Templates") : discovered.objects("ProvidedTemplates")
            if tab == .organization {
                values["location"] = discovered.string("TemplatesLocation") ?? ""
                let problems = discovered.objects("Problems")
                values["hasProblems"] = !problems.isEmpty
                values["problems"] = problems.map { ["key": $0.string("Key") ?? "", "problem": $0.string("Problem") ?? ""] }
            }
            values["empty"] = tab == .organization
                ? "The domain's template location holds no template tagged sagemaker:studio-visibility=true."
                : "Slipway provides no templates."
            values["templates"] = templates.enumerated().map { index, template -> [String: Any] in
                var entry: [String: Any] = [
                    "index": index, "url": template.string("TemplateURL") ?? "", "name": template.string("Name") ?? "",
                    "modified": Self.shown(template.date("LastModified")),
                ]
                if let description = template.string("Description") { entry["description"] = description }
                if let version = template.string("VersionId") { entry["version"] = version }
                if let reason = template.string("ValidationError") { entry["reason"] = reason }
                return entry
            }
            return ConsoleResponse.html(200, renderer.render("choose-template", values))
        } catch {
            if error.isDenied { audit.denied() }
            values["error"] = error.message
            return ConsoleResponse.html(error.isDenied ? 403 : 400, renderer.render("choose-template", values))
        }
    }

    /// The template `url` names among those the domain's discovery lists now (the organization's or Slipway's).
    func discoveredTemplate(_ request: ConsoleRequest, _ current: ConsoleSessions.Current, domain: String, url: String) async throws(ConsoleCalls.Failure) -> JSONValue {
        let discovered = try await calls.call("slipway", "ListProjectTemplates", ["DomainId": .string(domain)], as: current, from: request)
        guard let template = (discovered.objects("Templates") + discovered.objects("ProvidedTemplates")).first(where: { $0.string("TemplateURL") == url }) else {
            throw ConsoleCalls.Failure(code: "ValidationException", message: "The domain's templates no longer include \(url). Choose a template again.")
        }
        if let reason = template.string("ValidationError") {
            throw ConsoleCalls.Failure(code: "ValidationException", message: "This template cannot be used: \(reason)")
        }
        return template
    }

    func projectDetails(_ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        audit.operation("ListProjectTemplates", resource: nil)
        let fields = request.method == "POST" ? request.form : request.query
        guard let domain = fields["domain"], let url = fields["template"], !url.isEmpty else {
            return ConsoleResponse.redirect("/console/projects/create")
        }
        do {
            let template = try await discoveredTemplate(request, current, domain: domain, url: url)
            return ConsoleResponse.html(200, renderer.render("project-details", detailsValues(template, fields: request.method == "POST" ? fields : nil, current: current, domain: domain)))
        } catch {
            if error.isDenied { audit.denied() }
            return message(status: error.isDenied ? 403 : 400, heading: "Project details", text: error.message, back: "/console/projects/create?domain=\(FormFields.encode(domain))", signedIn: current)
        }
    }

    /// The form's values: what the user typed (`fields`, after a refused attempt) over the template's defaults.
    func detailsValues(_ template: JSONValue, fields: FormFields?, current: ConsoleSessions.Current, domain: String) -> [String: Any] {
        var values = frame("Project details", current)
        values["domain"] = domain
        values["tab"] = fields?["tab"] ?? ((template.string("TemplateURL") ?? "").contains("://slipway-provided-templates.") ? "slipway" : "organization")
        values["templateURL"] = template.string("TemplateURL") ?? ""
        values["templateName"] = template.string("Name") ?? ""
        if let version = template.string("VersionId") { values["version"] = version }
        values["projectName"] = fields?["name"] ?? ""
        values["projectDescription"] = fields?["description"] ?? ""
        values["role"] = fields?["role"] ?? ""
        let keys = fields?.all("tag_key") ?? [], tagValues = fields?.all("tag_value") ?? []
        values["tags"] = (0..<max(3, keys.count)).map { index -> [String: Any] in
            ["index": index, "key": index < keys.count ? keys[index] : "", "value": index < tagValues.count ? tagValues[index] : ""]
        }
        let parameters = template.objects("Parameters")
        var grouped: [(label: String, names: [String])] = template.objects("ParameterGroups").map { group in
            (group.string("Label") ?? "Parameters", group["Parameters"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        }
        let placed = Set(grouped.flatMap(\.names))
        let others = parameters.compactMap { $0.string("Name") }.filter { !placed.contains($0) }
        if !others.isEmpty { grouped.append((grouped.isEmpty ? "Parameters" : "Other parameters", others)) }
        let byName = Dictionary(parameters.compactMap { parameter in parameter.string("Name").map { ($0, parameter) } }, uniquingKeysWith: { first, _ in first })
        values["groups"] = grouped.compactMap { group -> [String: Any]? in
            let fieldsOfGroup = group.names.compactMap { byName[$0] }.map { Self.parameterField($0, typed: fields) }
            return fieldsOfGroup.isEmpty ? nil : ["label": group.label, "parameters": fieldsOfGroup]
        }
        return values
    }

    /// One parameter's field: a select for allowed values, a password field for `NoEcho`, a number field for
    /// numbers, with the template's constraints as the browser's own checks.
    static func parameterField(_ parameter: JSONValue, typed: FormFields?) -> [String: Any] {
        let name = parameter.string("Name") ?? ""
        let noEcho = parameter["NoEcho"]?.boolValue ?? false
        let value = noEcho ? "" : (typed?["param." + name] ?? parameter.string("Default") ?? "")
        var field: [String: Any] = [
            "id": "parameter-" + name, "field": "param." + name, "label": parameter.string("Label") ?? name, "value": value, "noEcho": noEcho,
            "required": parameter.string("Default") == nil && !noEcho,
        ]
        if let description = parameter.string("Description") { field["description"] = description }
        if let constraint = parameter.string("ConstraintDescription") { field["constraint"] = constraint }
        if let allowed = parameter["AllowedValues"]?.arrayValue?.compactMap(\.stringValue), !allowed.isEmpty {
            field["isSelect"] = true
            field["options"] = allowed.map { ["value": $0, "selected": $0 == value] as [String: Any] }
            return field
        }
        let isNumber = parameter.string("Type") == "Number"
        field["isNumber"] = isNumber
        field["inputType"] = noEcho ? "password" : isNumber ? "number" : "text"
        if let pattern = parameter.string("AllowedPattern") { field["pattern"] = pattern }
        if let min = parameter["MinLength"]?.numberValue { field["minLength"] = String(Int(min)) }
        if let max = parameter["MaxLength"]?.numberValue { field["maxLength"] = String(Int(max)) }
        if let min = parameter["MinValue"]?.numberValue { field["minValue"] = Self.number(min) }
        if let max = parameter["MaxValue"]?.numberValue { field["maxValue"] = Self.number(max) }
        return field
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// Launches the project the form describes; a refusal shows the form again with what was typed and the API's error.
    func createProject(_ request: ConsoleRequest, _ current: ConsoleSessions.Current, audit: FrontAudit) async -> WireResponse {
        audit.operation("CreateProject", resource: nil)
        let form = request.form
        guard let domain = form["domain"], let url = form["template"], !url.isEmpty else { return ConsoleResponse.redirect("/console/projects/create") }
        let template: JSONValue
        do {
            template = try await discoveredTemplate(request, current, domain: domain, url: url)
        } catch {
            if error.isDenied { audit.denied() }
            return message(status: error.isDenied ? 403 : 400, heading: "Create project", text: error.message, back: "/console/projects/create", signedIn: current)
        }
        let name = form["name"] ?? ""
        var parameters: [JSONValue] = []
        for parameter in template.objects("Parameters") {
            guard let key = parameter.string("Name"), let value = form["param." + key], !value.isEmpty || parameter.string("Default") == nil else { continue }
            parameters.append(["Key": .string(key), "Value": .string(value)])
        }
        var provider: [String: JSONValue] = [
            "TemplateName": .string(String((template.string("Name") ?? "template").prefix(32))), "TemplateURL": .string(url), "Parameters": .array(parameters),
        ]
        if let role = form["role"]?.trimmingCharacters(in: .whitespaces), !role.isEmpty { provider["RoleARN"] = .string(role) }
        var input: [String: JSONValue] = ["ProjectName": .string(name), "TemplateProviders": [["CfnTemplateProvider": .object(provider)]]]
        if let description = form["description"], !description.isEmpty { input["ProjectDescription"] = .string(description) }
        let tags = zip(form.all("tag_key"), form.all("tag_value")).filter { !$0.0.isEmpty }
        if !tags.isEmpty { input["Tags"] = .array(tags.map { ["Key": .string($0.0), "Value": .string($0.1)] }) }
        do {
            _ = try await calls.call("sagemaker", "CreateProject", input, as: current, from: request)
            return ConsoleResponse.redirect("/console/projects/\(FormFields.encode(name))")
        } catch {
            if error.isDenied { audit.denied() }
            var values = detailsValues(template, fields: form, current: current, domain: domain)
            values["error"] = error.message
            return ConsoleResponse.html(error.isDenied ? 403 : 400, renderer.render("project-details", values))
        }
    }
}
