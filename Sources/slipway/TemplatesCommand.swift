import ArgumentParser
import Foundation

/// `slipway templates`: what a domain's data scientists can launch.
struct Templates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Project templates.", subcommands: [List.self, Provided.self, Publish.self])

    /// `slipway templates provided`: Slipway's own templates.
    struct Provided: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the templates Slipway provides (launch them by their URL, or publish them to your bucket).")
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let answer = try await options.client().call("GET", "/_slipway/provided-templates")
            if options.json { return SignedClient.printJSON(answer) }
            for template in (answer as? [String: Any])?["Templates"] as? [[String: Any]] ?? [] {
                print("- \(template["Name"] ?? "?"): \(template["Description"] as? String ?? "")")
                print("  \(template["TemplateURL"] ?? "")")
            }
        }
    }

    /// `slipway templates publish NAME s3://BUCKET/PREFIX/`: a provided template copied into an organization's bucket, visible.
    struct Publish: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy a provided template to s3://BUCKET/PREFIX/NAME.yaml, tagged sagemaker:studio-visibility=true.")
        @Argument(help: "The provided template's name.") var name: String
        @Argument(help: "s3://BUCKET/PREFIX/ to copy it to.") var destination: String
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let answer = try await options.client().call("POST", "/_slipway/provided-templates/\(name)/publish", body: ["Destination": destination])
            if options.json { return SignedClient.printJSON(answer) }
            let published = answer as? [String: Any] ?? [:]
            print("Published \(name) as \(published["TemplateURL"] ?? "?")\((published["VersionId"] as? String).map { " (version \($0))" } ?? ""), tagged visible.")
        }
    }

    /// `slipway templates list --domain D`: the domain's visible templates with their forms, and what stops others.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the templates a domain's sagemaker:projectS3TemplatesLocation holds that are tagged visible, read with your permissions."
        )

        @Option(help: "The domain id (d-…).") var domain: String
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let answer = try await options.client().call("GET", "/_slipway/templates", query: [("DomainId", domain)])
            if options.json { return SignedClient.printJSON(answer) }
            let listing = answer as? [String: Any] ?? [:]
            print("Templates in \(listing["TemplatesLocation"] ?? "?"):")
            for template in listing["Templates"] as? [[String: Any]] ?? [] {
                let version = (template["VersionId"] as? String).map { " (version \($0))" } ?? ""
                print("- \(template["Name"] ?? "?")\(version): \(template["Description"] as? String ?? "")")
                print("  \(template["TemplateURL"] ?? "")")
                if let error = template["ValidationError"] as? String {
                    print("  does not validate: \(error)")
                    continue
                }
                for parameter in template["Parameters"] as? [[String: Any]] ?? [] {
                    var facts = ["\(parameter["Type"] ?? "String")"]
                    if let value = parameter["Default"] { facts.append("default \(value)") }
                    if let values = parameter["AllowedValues"] as? [String] { facts.append("one of \(values.joined(separator: " | "))") }
                    if parameter["NoEcho"] as? Bool == true { facts.append("secret") }
                    let label = (parameter["Label"] as? String).map { " \"\($0)\"" } ?? ""
                    print("    \(parameter["Name"] ?? "?")\(label): \(facts.joined(separator: ", "))")
                }
            }
            let problems = listing["Problems"] as? [[String: Any]] ?? []
            if !problems.isEmpty { print("Not listed:") }
            for problem in problems { print("- \(problem["Key"] ?? "?"): \(problem["Problem"] ?? "")") }
        }
    }
}

/// `slipway project`: a project's lifecycle beyond the SageMaker API.
struct Project: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Projects.", subcommands: [Plan.self, Delete.self])

    /// `slipway project delete NAME [--cascade]`: deletes the project's stack; with `--cascade`, first the resources
    /// tagged with the project's id that were made outside it, after listing them.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete a project. --cascade also deletes what carries its sagemaker:project-id tag but is not in its stack (listed first)."
        )

        @Argument(help: "The project name.") var name: String
        @Flag(help: "Also delete the project's resources made outside its stack.") var cascade = false
        @Flag(help: "Do not ask before deleting.") var yes = false
        @OptionGroup var options: ClientOptions

        func run() async throws {
            let client = try options.client()
            let path = "/_slipway/projects/\(name)/delete"
            let preview = try await client.call("POST", path, body: ["DryRun": true]) as? [String: Any] ?? [:]
            let outside = preview["OutsideStack"] as? [[String: Any]] ?? []
            if !outside.isEmpty {
                print(cascade ? "Made outside the project's stack, to delete:" : "Made outside the project's stack, left in place (use --cascade to delete):")
                for item in outside { print("- \(item["ResourceType"] ?? "?") \(item["ResourceARN"] ?? "?")") }
            }
            if cascade, !outside.isEmpty, !yes {
                print("Delete these \(outside.count) resource(s) and the project? [y/N] ", terminator: "")
                guard readLine()?.lowercased().hasPrefix("y") == true else { throw ClientError(message: "nothing deleted") }
            }
            let answer = try await client.call("POST", path, body: ["Cascade": cascade])
            if options.json { return SignedClient.printJSON(answer) }
            for item in (answer as? [String: Any])?["OutsideStack"] as? [[String: Any]] ?? [] {
                if let error = item["Error"] as? String { print("could not delete \(item["ResourceARN"] ?? "?"): \(error)") }
            }
            print("Deleting project \(name).")
        }
    }

    /// `slipway project plan NAME --template-url URL`: what an update would change, before it runs.
    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Preview an update of a project to a template (version) and parameters; nothing changes.")

        @Argument(help: "The project name.") var name: String
        @Option(name: .customLong("template-url"), help: "The template's https S3 URL (add ?versionId= to pin a version).") var templateURL: String
        @Option(name: .customLong("template-name"), help: "The template provider's name.") var templateName = "template"
        @Option(name: .customLong("parameter"), help: "KEY=VALUE, repeated; unnamed parameters keep their values.") var parameters: [String] = []
        @OptionGroup var options: ClientOptions

        func run() async throws {
            var given: [[String: String]] = []
            for parameter in parameters {
                guard let equals = parameter.firstIndex(of: "=") else { throw ValidationError("--parameter takes KEY=VALUE, not \(parameter)") }
                given.append(["Key": String(parameter[..<equals]), "Value": String(parameter[parameter.index(after: equals)...])])
            }
            let provider: [String: Any] = ["CfnTemplateProvider": ["TemplateName": templateName, "TemplateURL": templateURL, "Parameters": given]]
            let answer = try await options.client().call("POST", "/_slipway/projects/\(name)/plan", body: ["TemplateProvidersToUpdate": [provider]])
            if options.json { return SignedClient.printJSON(answer) }
            let plan = answer as? [String: Any] ?? [:]
            let changes = plan["Changes"] as? [[String: Any]] ?? []
            print("Updating \(name) to \(plan["TemplateURL"] ?? templateURL)\((plan["VersionId"] as? String).map { " (version \($0))" } ?? "") would make \(changes.count) change(s):")
            for change in changes {
                let replacement = (change["Replacement"] as? String).map { ", replacement \($0)" } ?? ""
                let properties = (change["ChangedProperties"] as? [String]).flatMap { $0.isEmpty ? nil : " [\($0.joined(separator: ", "))]" } ?? ""
                print("- \(change["Action"] ?? "?") \(change["LogicalResourceId"] ?? "?") (\(change["ResourceType"] ?? ""))\(replacement)\(properties)")
            }
        }
    }
}
