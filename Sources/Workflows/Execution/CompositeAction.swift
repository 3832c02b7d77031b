import Foundation

/// A local composite action (`uses: ./path`), read from the job's workspace: its inputs (given or defaulted) are
/// its steps' `inputs`, its steps run in order as sub-steps of the step that uses it (with their own `steps`
/// context; what they write to `GITHUB_ENV` and `GITHUB_PATH` reaches the job), and its outputs are evaluated from
/// them. Other kinds of action (`node*`, `docker`) are refused by name.
enum CompositeAction {
    /// How deep composite actions may use composite actions (GitHub's limit).
    static let maxDepth = 10

    static func run(
        _ step: StepExecution, reference: String, inputs given: [String: String], scope: inout JobRunner.Scope, limit: TimeInterval, depth: Int = 0
    ) async throws -> String {
        guard depth < maxDepth else { throw StepFailure("Composite actions are nested more than \(maxDepth) deep.") }
        let relative = String(reference.dropFirst(2)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        guard !relative.split(separator: "/").contains("..") else { throw StepFailure("Can't find the action '\(reference)': it leaves the workspace.") }
        let directory = relative.isEmpty ? step.directories.workspace : step.directories.workspace + "/" + relative
        guard let (path, text) = ["action.yml", "action.yaml"].lazy.compactMap({ name -> (String, String)? in
            step.directories.read("\(directory)/\(name)").map { ("\(relative.isEmpty ? "" : relative + "/")\(name)", $0) }
        }).first else {
            throw StepFailure("Can't find 'action.yml', 'action.yaml' or 'Dockerfile' under '\(directory)'. Did you forget to run actions/checkout before running your local action?")
        }
        let action: ActionDefinition
        do { action = try ActionParser.parse(text, path: path) } catch { throw StepFailure("\(error)") }
        guard action.runs.isComposite else {
            throw StepFailure("The action '\(reference)' runs with '\(action.runs.using)'; this runner runs only composite actions (no Node, no Docker).")
        }
        // The action's inputs: given ones, then defaults (evaluated in the caller's contexts); required ones must be given.
        var inputs: [String: ExpressionValue] = [:]
        let evaluator = ExpressionEvaluator(context: scope.context())
        for input in action.inputs {
            if let value = given[input.id] {
                inputs[input.id] = .string(value)
            } else if let fallback = input.defaultValue {
                inputs[input.id] = .string(try evaluator.interpolate(fallback))
            } else {
                if input.required { step.log.write("##[warning]Input required and not supplied: \(input.id)") }
                inputs[input.id] = .string("")
            }
        }
        for (name, value) in given where action.input(name) == nil {
            step.log.write("##[warning]Unexpected input(s) '\(name)', valid inputs are [\(action.inputs.map { "'\($0.id)'" }.joined(separator: ", "))]")
            inputs[name] = .string(value)
        }
        var nested = scope
        nested.steps = [:]
        nested.inputsOverride = .object(inputs)
        nested.github["action_path"] = .string(directory)
        var status: ExpressionContext.JobStatus = .success
        let deadline = Date().addingTimeInterval(limit)
        for (index, sub) in action.runs.steps.enumerated() {
            nested.jobStatus = status == .success ? scope.jobStatus : status
            guard try ExpressionEvaluator(context: nested.context(status: true)).condition(sub.ifCondition ?? "") else {
                if let id = sub.id { nested.steps[id] = JobRunner.stepContext(outputs: [:], outcome: "skipped", conclusion: "skipped") }
                continue
            }
            let execution = StepExecution(
                runner: step.runner, step: sub, number: step.number * 100 + index, directories: step.directories, log: step.log, masker: step.masker,
                cancelled: step.cancelled, depth: depth + 1
            )
            var outcome: String
            do {
                outcome = try await execution.run(scope: &nested, limit: max(deadline.timeIntervalSinceNow, 0))
            } catch {
                step.log.write("##[error]\(error)")
                outcome = "failure"
            }
            let continues = (try? step.runner.boolean(sub.continueOnError, scope: nested)) ?? false
            let conclusion = outcome == "failure" && continues ? "success" : outcome
            if let id = sub.id {
                let outputs = nested.steps[id]?["outputs"] ?? .object([:])
                nested.steps[id] = .object(["outputs": outputs, "outcome": .string(outcome), "conclusion": .string(conclusion)])
            }
            if conclusion == "failure" { status = .failure }
            if conclusion == "cancelled" { status = .cancelled }
        }
        // What reaches the caller: the job's env, paths and summary; the action's outputs.
        scope.env = nested.env
        scope.paths = nested.paths
        scope.summary = nested.summary
        let outputs = ExpressionEvaluator(context: nested.context())
        for output in action.outputs {
            if let raw = output.value { scope.pendingOutputs[output.id] = (try? outputs.interpolate(raw)) ?? "" }
        }
        switch status {
        case .success: return "success"
        case .failure: return "failure"
        case .cancelled: return "cancelled"
        }
    }
}
