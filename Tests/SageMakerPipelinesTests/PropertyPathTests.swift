import Testing
@testable import SageMakerPipelines

@Suite("Property paths")
struct PropertyPathTests {
    static let parsing: [(String, [PropertyPathComponent]?)] = [
        ("ModelArtifacts.S3ModelArtifacts", [.key("ModelArtifacts"), .key("S3ModelArtifacts")]),
        ("ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri",
         [.key("ProcessingOutputConfig"), .key("Outputs"), .named("train"), .key("S3Output"), .key("S3Uri")]),
        ("FinalMetricDataList['val:acc'].Value", [.key("FinalMetricDataList"), .named("val:acc"), .key("Value")]),
        ("Outputs[0].S3Output", [.key("Outputs"), .index(0), .key("S3Output")]),
        ("a.b[0].c", [.key("a"), .key("b"), .index(0), .key("c")]),
        ("['quoted.key'].v", [.named("quoted.key"), .key("v")]),
        (#"m["x]y"]"#, [.key("m"), .named("x]y")]),
        ("a[1][2]", [.key("a"), .index(1), .index(2)]),
        (#"a."b-c".d"#, [.key("a"), .key("b-c"), .key("d")]),
        ("", nil), ("a..b", nil), ("a.", nil), ("a[x]", nil), ("a[-1]", nil), ("a['x'", nil), ("a[0]b", nil), ("a.[0]", nil),
    ]

    @Test(arguments: parsing)
    func parses(text: String, expected: [PropertyPathComponent]?) {
        #expect(PropertyPath.parse(text) == expected)
    }

    @Test func rendersBack() throws {
        let path = try #require(PropertyPath.parse("Outputs['train'].S3Output[0]"))
        #expect(PropertyPath.render(path) == "Outputs['train'].S3Output[0]")
    }

    static let description: PipelineValue = [
        "ProcessingOutputConfig": ["Outputs": [
            ["OutputName": "train", "S3Output": ["S3Uri": "s3://b/train"]],
            ["OutputName": "test", "S3Output": ["S3Uri": "s3://b/test"]],
        ]],
        "FinalMetricDataList": [["MetricName": "val:acc", "Value": 0.9], ["MetricName": "loss", "Value": 0.1]],
        "InputDataConfig": [["ChannelName": "training", "DataSource": "x"]],
        "HyperParameters": ["epochs": "10"],
    ]

    static let lookups: [(String, PipelineValue?)] = [
        ("ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri", "s3://b/train"),
        ("ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri", "s3://b/test"),
        ("ProcessingOutputConfig.Outputs[1].S3Output.S3Uri", "s3://b/test"),
        ("ProcessingOutputConfig.Outputs[2].S3Output.S3Uri", nil),
        ("ProcessingOutputConfig.Outputs['nope'].S3Output.S3Uri", nil),
        ("FinalMetricDataList['val:acc'].Value", 0.9),
        ("InputDataConfig['training'].DataSource", "x"),
        ("HyperParameters['epochs']", "10"),
        ("HyperParameters.epochs", "10"),
        ("HyperParameters[0]", nil),
        ("FinalMetricDataList.Value", nil),
    ]

    @Test(arguments: lookups)
    func looksUp(text: String, expected: PipelineValue?) throws {
        let path = try #require(PropertyPath.parse(text))
        #expect(PropertyPath.lookup(path, in: Self.description) == expected)
    }

    static let references: [(String, PipelineReference?)] = [
        ("Parameters.InputData", .parameter("InputData")),
        ("Execution.PipelineExecutionId", .execution("PipelineExecutionId")),
        ("Execution.CurrentDateTime", .execution("CurrentDateTime")),
        ("PipelineExperimentConfig.TrialName", .experimentConfig("TrialName")),
        ("Steps.Train.ModelArtifacts.S3ModelArtifacts", .step("Train", path: [.key("ModelArtifacts"), .key("S3ModelArtifacts")])),
        ("Steps.L.OutputParameters['out']", .step("L", path: [.key("OutputParameters"), .named("out")])),
        ("Steps.Eval.PropertyFiles.EvaluationReport", .propertyFile(step: "Eval", name: "EvaluationReport")),
        ("Execution.Nope", nil), ("Parameters.", nil), ("Steps.Train", nil), ("Steps..X", nil), ("Other.Thing", nil),
        ("PipelineExperimentConfig.Other", nil),
    ]

    @Test(arguments: references)
    func parsesReferences(text: String, expected: PipelineReference?) {
        #expect((try? PipelineReference(parsing: text)) == expected)
    }
}
