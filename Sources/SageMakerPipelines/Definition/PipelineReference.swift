/// What a `{"Get": "…"}` names: a parameter, an execution variable, a step property or a step's property file.
enum PipelineReference: Sendable, Equatable {
    case parameter(String)
    case execution(String)
    /// A property of a step's description, `path` being what follows `Steps.<step>.`.
    case step(String, path: [PropertyPathComponent])
    /// `Steps.<step>.PropertyFiles.<name>`.
    case propertyFile(step: String, name: String)
    /// `PipelineExperimentConfig.ExperimentName` or `PipelineExperimentConfig.TrialName`.
    case experimentConfig(String)

    /// The execution variables a definition may read.
    static let executionVariables: Set<String> = [
        "PipelineExecutionId", "PipelineExecutionArn", "StartDateTime", "CurrentDateTime", "PipelineArn", "PipelineName",
    ]

    /// The experiment-config properties a definition may read.
    static let experimentConfigProperties: Set<String> = ["ExperimentName", "TrialName"]

    /// Parses the text of a `Get`; the error names the reference. Parameter and step names are not checked here.
    init(parsing text: String) throws(PipelineDefinitionError) {
        if let name = text.dropPrefix("Parameters.") {
            guard !name.isEmpty else { throw PipelineDefinitionError("Invalid property reference '\(text)': no parameter name") }
            self = .parameter(name)
        } else if let name = text.dropPrefix("Execution.") {
            guard Self.executionVariables.contains(name) else {
                throw PipelineDefinitionError("Invalid property reference '\(text)': unknown execution variable \(name)")
            }
            self = .execution(name)
        } else if let name = text.dropPrefix("PipelineExperimentConfig.") {
            guard Self.experimentConfigProperties.contains(name) else {
                throw PipelineDefinitionError("Invalid property reference '\(text)': unknown PipelineExperimentConfig property \(name)")
            }
            self = .experimentConfig(name)
        } else if let rest = text.dropPrefix("Steps.") {
            let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
            let step = String(rest[..<end])
            var pathText = rest[end...]
            if pathText.first == "." { pathText = pathText.dropFirst() }
            guard !step.isEmpty, let path = PropertyPath.parse(String(pathText)) else {
                throw PipelineDefinitionError("Invalid property reference '\(text)': expected Steps.<StepName>.<Property>")
            }
            if path.count == 2, path[0] == .key("PropertyFiles"), case .key(let name) = path[1] {
                self = .propertyFile(step: step, name: name)
            } else {
                self = .step(step, path: path)
            }
        } else {
            throw PipelineDefinitionError("Invalid property reference '\(text)'")
        }
    }

    /// The step this reference reads from, if any.
    var stepName: String? {
        switch self {
        case .step(let step, _), .propertyFile(let step, _): return step
        default: return nil
        }
    }
}

extension String {
    /// The rest of the string after `prefix`, or nil when it does not start so.
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
