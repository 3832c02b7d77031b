import Yams

extension WorkflowYAMLReader {
    /// What a step mapping turned out to be, told apart by its keys as GitHub's schema does.
    private enum StepShape {
        case undetermined, run, uses
    }

    private static let runStepKeys: Set = ["run", "shell", "working-directory"]
    private static let usesStepKeys: Set = ["uses", "with"]

    /// `steps:` of a job, or of a composite action (where `run` steps need `shell` and `timeout-minutes` is not
    /// accepted). Step ids must be valid and unique within the list.
    func steps(_ node: Node, composite: Bool) throws(WorkflowParseError) -> [StepDefinition] {
        var ids = Set<String>()
        var result: [StepDefinition] = []
        for item in try sequence(node) {
            result.append(try step(item, composite: composite, knownIDs: &ids))
        }
        return result
    }

    private func step(_ node: Node, composite: Bool, knownIDs: inout Set<String>) throws(WorkflowParseError) -> StepDefinition {
        guard case .mapping = node else { throw unexpected(node) }
        var commonKeys: Set = ["name", "id", "if", "continue-on-error", "env"]
        if !composite { commonKeys.insert("timeout-minutes") }
        var shape = StepShape.undetermined
        var step = StepDefinition(kind: .run(""))
        var run: String?
        var uses: String?
        for entry in try entries(node) {
            let key = entry.key, value = entry.value
            if WorkflowYAMLReader.runStepKeys.contains(key) {
                guard shape != .uses else { throw unexpected(entry.keyNode) }
                shape = .run
            } else if WorkflowYAMLReader.usesStepKeys.contains(key) {
                guard shape != .run else { throw unexpected(entry.keyNode) }
                shape = .uses
            } else if !commonKeys.contains(key) {
                throw unexpected(entry.keyNode)
            }
            switch key {
            case "id":
                let id = try text(value)
                if let problem = WorkflowYAMLReader.idProblem(id) { throw error(problem, at: value) }
                guard knownIDs.insert(id).inserted else {
                    throw error("The identifier '\(id)' may not be used more than once within the same scope.", at: value)
                }
                step.id = id
            case "name": step.name = try optionalText(value)
            case "if": step.ifCondition = try optionalText(value)
            case "continue-on-error": step.continueOnError = try boolOrExpression(value)
            case "timeout-minutes": step.timeoutMinutes = try numberOrExpression(value)
            case "env": step.env = try environment(value)
            case "run": run = try text(value)
            case "shell": step.shell = try optionalText(value)
            case "working-directory": step.workingDirectory = try optionalText(value)
            case "uses":
                guard let reference = try optionalText(value) else { throw unexpected(value) }
                uses = reference
            case "with": step.with = try stringMap(value)
            default: break
            }
        }
        switch shape {
        case .undetermined:
            let keys = WorkflowYAMLReader.runStepKeys.union(WorkflowYAMLReader.usesStepKeys).sorted().joined(separator: ", ")
            throw error("There's not enough info to determine what you meant. Add one of these properties: \(keys)", at: node)
        case .run:
            guard let run else { throw error("Required property is missing: run", at: node) }
            if composite && step.shell == nil { throw error("Required property is missing: shell", at: node) }
            step.kind = .run(run)
        case .uses:
            guard let uses else { throw error("Required property is missing: uses", at: node) }
            step.kind = .uses(uses)
        }
        return step
    }
}
