@testable import SageMakerPipelines

/// Builds definition documents for the tables in these tests.
enum DefinitionFixtures {
    /// A whole definition around a `Steps` list (its JSON elements) and `Parameters` list.
    static func pipeline(_ steps: String, parameters: String = #"[{"Name":"InputData","Type":"String","DefaultValue":"s3://b/in"}]"#) -> String {
        #"{"Version":"2020-12-01","Metadata":{},"Parameters":\#(parameters),"Steps":[\#(steps)]}"#
    }

    /// A step object of `type` with `arguments` and optional extra step-level members (`"DependsOn":[...]`).
    static func step(_ name: String, _ type: String = "Training", arguments: String = "{}", extra: String = "") -> String {
        #"{"Name":"\#(name)","Type":"\#(type)","Arguments":\#(arguments)\#(extra.isEmpty ? "" : "," + extra)}"#
    }

    /// A Condition step with the given conditions and nested steps.
    static func condition(_ name: String, conditions: String = equalsTrue, ifSteps: [String] = [], elseSteps: [String] = [], extra: String = "")
        -> String
    {
        step(
            name, "Condition",
            arguments: #"{"Conditions":[\#(conditions)],"IfSteps":[\#(ifSteps.joined(separator: ","))],"ElseSteps":[\#(elseSteps.joined(separator: ","))]}"#,
            extra: extra)
    }

    static let equalsTrue = #"{"Type":"Equals","Arguments":{"LeftValue":1,"RightValue":1}}"#

    /// `{"Get": "…"}`.
    static func get(_ text: String) -> String {
        #"{"Get":"\#(text)"}"#
    }

    /// Parses a definition that the test expects to be valid.
    static func parse(_ json: String) throws -> PipelineDefinition {
        try PipelineDefinition(json: json)
    }

    /// The message a definition is refused with, or nil when it is accepted.
    static func refusal(_ json: String) -> String? {
        do {
            _ = try PipelineDefinition(json: json)
            return nil
        } catch {
            return error.message
        }
    }
}
