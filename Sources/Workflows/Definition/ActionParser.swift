import Yams

/// Parses action manifests (`action.yml`) into `ActionDefinition`, with GitHub's messages for what it rejects.
enum ActionParser {
    /// Parses the manifest `text` read from `path`.
    static func parse(_ text: String, path: String) throws(WorkflowParseError) -> ActionDefinition {
        let reader = WorkflowYAMLReader(path: path, fileKind: .action)
        return try reader.action(from: reader.compose(text))
    }
}

extension WorkflowYAMLReader {
    private static let runsKeys: [String: Set<String>] = [
        "composite": ["using", "steps"],
        "node": ["using", "main", "pre", "pre-if", "post", "post-if"],
        "docker": ["using", "image", "entrypoint", "args", "env", "pre-entrypoint", "pre-if", "post-entrypoint", "post-if"],
    ]

    /// The action of a composed manifest; unknown top-level keys are ignored, as the runner does.
    func action(from root: Node?) throws(WorkflowParseError) -> ActionDefinition {
        var action = ActionDefinition(path: path, runs: ActionRunsDefinition(using: ""))
        var sawRuns = false
        for entry in try entries(root ?? Node("")) {
            switch entry.key {
            case "name": action.name = try optionalText(entry.value)
            case "description": action.description = try optionalText(entry.value)
            case "author": action.author = try optionalText(entry.value)
            case "inputs":
                for input in try entries(entry.value) {
                    action.inputs.append(try actionInput(input.key, input.value))
                }
            case "outputs":
                for output in try entries(entry.value) {
                    var result = ActionOutputDefinition(id: output.key)
                    for property in try entries(output.value) {
                        switch property.key {
                        case "description": result.description = try optionalText(property.value)
                        case "value": result.value = try text(property.value)
                        default: throw unexpected(property.keyNode)
                        }
                    }
                    action.outputs.append(result)
                }
            case "runs":
                action.runs = try runs(entry.value)
                sawRuns = true
            default: break
            }
        }
        guard sawRuns else { throw error("Required property is missing: runs", at: root) }
        return action
    }

    private func actionInput(_ id: String, _ node: Node) throws(WorkflowParseError) -> ActionInputDefinition {
        var input = ActionInputDefinition(id: id)
        for property in try entries(node) {
            switch property.key {
            case "description": input.description = try optionalText(property.value)
            case "required":
                // The runner reads `required` loosely; quoted "true" counts too.
                input.required = try text(property.value).lowercased() == "true"
            case "default": input.defaultValue = try text(property.value)
            case "deprecationMessage": input.deprecationMessage = try optionalText(property.value)
            default: break
            }
        }
        return input
    }

    private func runs(_ node: Node) throws(WorkflowParseError) -> ActionRunsDefinition {
        let properties = try entries(node)
        guard let usingEntry = properties.first(where: { $0.key == "using" }) else {
            throw error("Required property is missing: using", at: node)
        }
        let using = try text(usingEntry.value).lowercased()
        let family = using.hasPrefix("node") && using.dropFirst(4).allSatisfy(\.isNumber) && using.count > 4 ? "node" : using
        guard let allowed = WorkflowYAMLReader.runsKeys[family] else {
            throw error("'using: \(using)' is not supported, use 'docker', 'node20', 'node24' or 'composite' instead.",
                        at: usingEntry.value)
        }
        var runs = ActionRunsDefinition(using: using)
        for entry in properties {
            guard allowed.contains(entry.key) else { throw unexpected(entry.keyNode) }
            switch entry.key {
            case "steps": runs.steps = try steps(entry.value, composite: true)
            case "main": runs.main = try optionalText(entry.value)
            case "image": runs.image = try optionalText(entry.value)
            default: break
            }
        }
        switch family {
        case "composite" where !properties.contains { $0.key == "steps" }:
            throw error("Required property is missing: steps", at: node)
        case "node" where runs.main == nil:
            throw error("Required property is missing: main", at: node)
        case "docker" where runs.image == nil:
            throw error("Required property is missing: image", at: node)
        default:
            return runs
        }
    }
}
