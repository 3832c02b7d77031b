import Foundation

/// A SageMaker pipeline definition (schema `2020-12-01`), parsed and validated the way CreatePipeline does.
struct PipelineDefinition: Sendable, Equatable {
    /// The only definition schema version SageMaker accepts.
    static let schemaVersion = "2020-12-01"
    /// The longest step name SageMaker accepts.
    static let maximumStepNameLength = 64

    let version: String
    let metadata: PipelineValue?
    let parameters: [PipelineParameter]
    let experimentConfig: PipelineValue?
    /// Every step, top level and nested: each Condition step is followed by its `IfSteps`, then its `ElseSteps`.
    let steps: [PipelineStep]
    /// The names of the steps listed in the top-level `Steps` array.
    let topLevelStepNames: [String]
    /// The whole definition as written.
    let raw: PipelineValue

    /// Parses and validates a definition document.
    init(json: Data) throws(PipelineDefinitionError) {
        let value: PipelineValue
        do {
            value = try PipelineValue(json: json)
        } catch {
            throw PipelineDefinitionError("Unable to parse pipeline definition: it is not valid JSON")
        }
        try self.init(value: value)
    }

    /// Parses and validates a definition given as text.
    init(json: String) throws(PipelineDefinitionError) {
        try self.init(json: Data(json.utf8))
    }

    /// Validates an already-parsed definition.
    init(value: PipelineValue) throws(PipelineDefinitionError) {
        guard case .object(let members) = value else {
            throw PipelineDefinitionError("Unable to parse pipeline definition: it must be a JSON object")
        }
        guard let version = members["Version"] else {
            throw PipelineDefinitionError("Pipeline definition is missing Version; expected \"\(Self.schemaVersion)\"")
        }
        guard version.string == Self.schemaVersion else {
            throw PipelineDefinitionError("Unsupported pipeline definition Version \(version.jsonString); expected \"\(Self.schemaVersion)\"")
        }
        self.version = Self.schemaVersion
        self.metadata = members["Metadata"]
        self.experimentConfig = members["PipelineExperimentConfig"]
        self.raw = value
        self.parameters = try Self.parseParameters(members["Parameters"])
        guard let stepList = members["Steps"] else {
            throw PipelineDefinitionError("Pipeline definition must have a Steps list")
        }
        guard case .array(let stepValues) = stepList, !stepValues.isEmpty else {
            throw PipelineDefinitionError("Pipeline definition Steps must be a non-empty list")
        }
        var steps: [PipelineStep] = []
        var placed: [String: PipelineStep.Branch?] = [:]
        for stepValue in stepValues {
            try Self.parseStep(stepValue, branch: nil, into: &steps, placed: &placed)
        }
        self.steps = steps
        self.topLevelStepNames = stepValues.compactMap { $0["Name"]?.string }
        try validateReferences()
        try validateConditions()
        let graph = PipelineGraph(self)
        if let cycle = graph.cycle() {
            throw PipelineDefinitionError("Pipeline definition has a cycle between steps (each waits on the next): \(cycle.joined(separator: " -> "))")
        }
    }

    /// The step named `name`, nested or not.
    func step(named name: String) -> PipelineStep? {
        steps.first { $0.name == name }
    }

    /// The parameter named `name`.
    func parameter(named name: String) -> PipelineParameter? {
        parameters.first { $0.name == name }
    }

    /// The typed value of every parameter for an execution: its override (StartPipelineExecution's string values)
    /// or its default. An unknown override name, or a parameter with neither, is refused.
    func parameterValues(overrides: [String: String]) throws(PipelineDefinitionError) -> [String: PipelineValue] {
        for name in overrides.keys.sorted() where parameter(named: name) == nil {
            throw PipelineDefinitionError("Parameter \(name) is not declared by the pipeline definition")
        }
        var values: [String: PipelineValue] = [:]
        for parameter in parameters {
            if let text = overrides[parameter.name] {
                values[parameter.name] = try parameter.value(fromString: text)
            } else if let defaultValue = parameter.defaultValue {
                values[parameter.name] = defaultValue
            } else {
                throw PipelineDefinitionError("Parameter \(parameter.name) has no default value and none was given")
            }
        }
        return values
    }
}

// MARK: - Parameters

extension PipelineDefinition {
    fileprivate static func parseParameters(_ value: PipelineValue?) throws(PipelineDefinitionError) -> [PipelineParameter] {
        guard let value, value != .null else { return [] }
        guard case .array(let entries) = value else {
            throw PipelineDefinitionError("Pipeline definition Parameters must be a list")
        }
        var parameters: [PipelineParameter] = []
        var names: Set<String> = []
        for entry in entries {
            guard let name = entry["Name"]?.string, !name.isEmpty else {
                throw PipelineDefinitionError("Every pipeline parameter must have a Name")
            }
            guard names.insert(name).inserted else {
                throw PipelineDefinitionError("Duplicate parameter name: \(name)")
            }
            let typeText = entry["Type"]?.string ?? PipelineParameter.Kind.string.rawValue
            guard let type = PipelineParameter.Kind(rawValue: typeText) else {
                throw PipelineDefinitionError(
                    "Parameter \(name) has unknown Type \(typeText); expected one of String, Integer, Float, Boolean")
            }
            var enumValues: [PipelineValue]?
            if let declared = entry["EnumValues"], declared != .null {
                guard case .array(let list) = declared else {
                    throw PipelineDefinitionError("EnumValues of parameter \(name) must be a list")
                }
                enumValues = list
            }
            let defaultValue = entry["DefaultValue"].flatMap { $0 == .null ? nil : $0 }
            let parameter = PipelineParameter(name: name, type: type, defaultValue: defaultValue, enumValues: enumValues)
            for candidate in (defaultValue.map { [$0] } ?? []) + (enumValues ?? []) where !parameter.accepts(candidate) {
                throw PipelineDefinitionError(
                    "Value \(candidate.jsonString) for parameter \(name) does not match its Type \(type.rawValue)")
            }
            if let defaultValue, let enumValues, !enumValues.contains(defaultValue) {
                throw PipelineDefinitionError("DefaultValue \(defaultValue.jsonString) of parameter \(name) is not one of its EnumValues")
            }
            parameters.append(parameter)
        }
        return parameters
    }
}
