@testable import Console
import Foundation
import SlipwayCore
import Testing

@Suite("Pipeline diagrams")
struct PipelineDiagramTests {
    static let definition = """
    {"Version": "2020-12-01", "Steps": [
      {"Name": "Prepare", "Type": "Processing", "Arguments": {}},
      {"Name": "Train", "Type": "Training", "Arguments": {"InputDataConfig": [{"DataSource": {"S3DataSource": {"S3Uri": {"Get": "Steps.Prepare.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"}}}}]}},
      {"Name": "Evaluate", "Type": "Processing", "DependsOn": ["Train"], "Arguments": {}},
      {"Name": "Check", "Type": "Condition", "Arguments": {
        "Conditions": [{"Type": "GreaterThanOrEqualTo", "LeftValue": {"Std:JsonGet": {"PropertyFile": {"Get": "Steps.Evaluate.PropertyFiles.Report"}, "Path": "auc"}}, "RightValue": 0.8}],
        "IfSteps": [{"Name": "Register", "Type": "RegisterModel", "Arguments": {"ModelDataUrl": {"Get": "Steps.Train.ModelArtifacts.S3ModelArtifacts"}}}],
        "ElseSteps": [{"Name": "Stop", "Type": "Fail", "Arguments": {"ErrorMessage": "<b>low</b>"}}]}}
    ]}
    """

    @Test func stepsSitRightOfWhatTheyWaitFor() throws {
        let definition = try JSONDecoder().decode(JSONValue.self, from: Data(Self.definition.utf8))
        let diagram = PipelineDiagram(definition: definition)
        let columns = Dictionary(uniqueKeysWithValues: diagram.steps.map { ($0.name, $0.column) })
        #expect(columns == ["Prepare": 0, "Train": 1, "Evaluate": 2, "Check": 3, "Register": 4, "Stop": 4])
        #expect(Set(diagram.edges.map { "\($0.from)>\($0.to)" }) == [
            "Prepare>Train", "Train>Evaluate", "Evaluate>Check", "Check>Register", "Check>Stop", "Train>Register",
        ])
        #expect(diagram.steps.first { $0.name == "Stop" }?.row == 1)
        let svg = diagram.svg(statuses: ["Prepare": "Succeeded", "Train": "Failed"], title: "Steps of <p>")
        #expect(svg.contains("Prepare (Processing): Succeeded") && svg.contains("Stop (Fail): not run"))
        #expect(svg.contains("aria-label=\"Steps of &lt;p&gt;\"") && !svg.contains("<p>") && !svg.contains("style="))
        #expect(svg.components(separatedBy: "marker-end=").count - 1 == diagram.edges.count)
    }

    @Test func aCycleOrAMissingStepDoesNotHang() throws {
        let cyclic = try JSONDecoder().decode(JSONValue.self, from: Data("""
        {"Steps": [{"Name": "A", "Type": "Fail", "DependsOn": ["B", "Ghost"]}, {"Name": "B", "Type": "Fail", "DependsOn": ["A"]}]}
        """.utf8))
        let diagram = PipelineDiagram(definition: cyclic)
        #expect(diagram.steps.count == 2 && !diagram.edges.contains { $0.from == "Ghost" })
        #expect(PipelineDiagram(definition: .object([:])).steps.isEmpty)
    }
}
