import Testing
@testable import SageMakerPipelines

@Suite("Pipeline expressions")
struct PipelineExpressionsTests {
    static let context = FakeExpressionContext(
        parameters: ["InputData": "s3://b/in", "Epochs": 10, "Rate": 0.5, "Flag": true],
        steps: [
            "Train": [
                "ModelArtifacts": ["S3ModelArtifacts": "s3://b/model.tar.gz"],
                "FinalMetricDataList": [["MetricName": "val:acc", "Value": 0.93], ["MetricName": "loss", "Value": 2]],
                "TrainingJobName": "pipelines-abc-Train",
            ],
            "Proc": ["ProcessingOutputConfig": ["Outputs": [
                ["OutputName": "train", "S3Output": ["S3Uri": "s3://b/train"]],
                ["OutputName": "evaluation", "S3Output": ["S3Uri": "s3://b/eval"]],
            ]]],
            "L": ["OutputParameters": [["Name": "status", "Value": "ok"]]],
        ],
        propertyFiles: ["Eval/EvaluationReport": "s3://b/eval/evaluation.json"],
        objects: [
            "s3://b/eval/evaluation.json": #"{"metrics":{"mse":{"value":0.25},"labels":["a","b"],"odd key":{"x":1}}}"#,
            "s3://b/other.json": #"{"a":{"b":[{"c":"deep"}]}}"#,
            "s3://b/broken.json": "not json",
        ])

    /// Expression JSON and the value it resolves to.
    static let resolutions: [(expression: String, expected: PipelineValue)] = [
        (#"{"Get":"Parameters.InputData"}"#, "s3://b/in"),
        (#"{"Get":"Parameters.Epochs"}"#, 10),
        (#"{"Get":"Execution.PipelineExecutionId"}"#, "exec-1"),
        (#"{"Get":"PipelineExperimentConfig.ExperimentName"}"#, "my-pipeline"),
        (#"{"Get":"PipelineExperimentConfig.TrialName"}"#, "exec-1"),
        (#"{"Get":"Steps.Train.ModelArtifacts.S3ModelArtifacts"}"#, "s3://b/model.tar.gz"),
        (#"{"Get":"Steps.Proc.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"}"#, "s3://b/train"),
        (#"{"Get":"Steps.Proc.ProcessingOutputConfig.Outputs[1].S3Output.S3Uri"}"#, "s3://b/eval"),
        (#"{"Get":"Steps.Train.FinalMetricDataList['val:acc'].Value"}"#, 0.93),
        (#"{"Get":"Steps.L.OutputParameters['status'].Value"}"#, "ok"),
        (#"{"Get":"Steps.Eval.PropertyFiles.EvaluationReport"}"#, "s3://b/eval/evaluation.json"),
        (#"{"Std:Join":{"On":"/","Values":["s3://b",{"Get":"Execution.PipelineExecutionId"},"out"]}}"#, "s3://b/exec-1/out"),
        (#"{"Std:Join":{"On":"-","Values":[{"Get":"Parameters.Epochs"},{"Get":"Parameters.Rate"},{"Get":"Parameters.Flag"},3.0]}}"#, "10-0.5-true-3"),
        (#"{"Std:Join":{"Values":["a",{"Std:Join":{"On":"+","Values":["b","c"]}}]}}"#, "ab+c"),
        (#"{"Std:JsonGet":{"PropertyFile":{"Get":"Steps.Eval.PropertyFiles.EvaluationReport"},"Path":"metrics.mse.value"}}"#, 0.25),
        (#"{"Std:JsonGet":{"PropertyFile":{"Get":"Steps.Eval.PropertyFiles.EvaluationReport"},"Path":"metrics.labels[1]"}}"#, "b"),
        (#"{"Std:JsonGet":{"PropertyFile":{"Get":"Steps.Eval.PropertyFiles.EvaluationReport"},"Path":"metrics['odd key'].x"}}"#, 1),
        (#"{"Std:JsonGet":{"S3Uri":"s3://b/other.json","Path":"a.b[0].c"}}"#, "deep"),
        (#"{"Std:JsonGet":{"S3Uri":{"Std:Join":{"On":"/","Values":["s3://b","other.json"]}},"Path":"a.b"}}"#, [["c": "deep"]]),
        // Nested structures resolve at every depth and keep what is not an expression.
        (#"{"A":[{"Get":"Parameters.Epochs"},{"x":{"Get":"Parameters.Flag"}}],"B":"plain","C":{"Get":"Steps.Train.TrainingJobName"},"D":{"Get":"x","Other":1}}"#,
         ["A": [10, ["x": true]], "B": "plain", "C": "pipelines-abc-Train", "D": ["Get": "x", "Other": 1]]),
        (#"[1,null,"s",{"Get":"Parameters.Rate"}]"#, [1, nil, "s", 0.5]),
    ]

    @Test(arguments: resolutions)
    func resolves(expression: String, expected: PipelineValue) async throws {
        let value = try PipelineValue(json: expression)
        #expect(try await PipelineExpressions.resolve(value, context: Self.context) == expected)
    }

    /// Expressions that cannot be resolved, with a piece of the expected message (which names the expression).
    static let failures: [(expression: String, message: String)] = [
        (#"{"Get":"Parameters.Nope"}"#, #"Unable to resolve {"Get":"Parameters.Nope"}: no parameter Nope"#),
        (#"{"Get":"Steps.Train.Missing.Path"}"#, #"{"Get":"Steps.Train.Missing.Path"}: step Train has no property Missing.Path"#),
        (#"{"Get":"Steps.Ghost.X"}"#, "step Ghost has not run"),
        (#"{"Get":"Bogus.X"}"#, "Invalid property reference 'Bogus.X'"),
        (#"{"Get":3}"#, "Get must be a string"),
        (#"{"Std:Join":{"On":"/"}}"#, "Std:Join needs a Values list"),
        (#"{"Std:Join":{"On":"/","Values":[{"Get":"Parameters.Nope"}]}}"#, #"{"Get":"Parameters.Nope"}"#),
        (#"{"Std:JsonGet":{"S3Uri":"s3://b/other.json"}}"#, "Std:JsonGet needs a Path"),
        (#"{"Std:JsonGet":{"Path":"a"}}"#, "needs a PropertyFile or an S3Uri"),
        (#"{"Std:JsonGet":{"S3Uri":"s3://b/other.json","Path":"a..b"}}"#, "invalid Path 'a..b'"),
        (#"{"Std:JsonGet":{"S3Uri":"s3://b/other.json","Path":"a.z"}}"#, "Path 'a.z' not found in s3://b/other.json"),
        (#"{"Std:JsonGet":{"S3Uri":"s3://b/missing.json","Path":"a"}}"#, "cannot read s3://b/missing.json: NoSuchKey"),
        (#"{"Std:JsonGet":{"S3Uri":"s3://b/broken.json","Path":"a"}}"#, "s3://b/broken.json is not valid JSON"),
    ]

    @Test(arguments: failures)
    func failsNamingTheExpression(expression: String, message: String) async throws {
        let value = try PipelineValue(json: expression)
        do {
            let resolved = try await PipelineExpressions.resolve(value, context: Self.context)
            Issue.record("resolved to \(resolved.jsonString)")
        } catch let error as PipelineExpressionError {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}

@Suite("Pipeline conditions")
struct PipelineConditionsTests {
    static func comparison(_ type: String, _ left: String, _ right: String) -> String {
        #"{"Type":"\#(type)","Arguments":{"LeftValue":\#(left),"RightValue":\#(right)}}"#
    }

    static let acc = #"{"Get":"Steps.Train.FinalMetricDataList['val:acc'].Value"}"#
    static let mse = #"{"Std:JsonGet":{"PropertyFile":{"Get":"Steps.Eval.PropertyFiles.EvaluationReport"},"Path":"metrics.mse.value"}}"#

    static let table: [(condition: String, holds: Bool)] = [
        (comparison("Equals", "1", "1"), true),
        (comparison("Equals", "1", "1.0"), true),
        (comparison("Equals", #""5""#, "5"), true),
        (comparison("Equals", #""abc""#, #""abc""#), true),
        (comparison("Equals", #""abc""#, #""abd""#), false),
        (comparison("Equals", "true", #""true""#), true),
        (comparison("Equals", #"{"Get":"Parameters.Flag"}"#, "true"), true),
        (comparison("GreaterThan", acc, "0.9"), true),
        (comparison("GreaterThan", acc, "0.93"), false),
        (comparison("GreaterThanOrEqualTo", acc, "0.93"), true),
        (comparison("LessThan", mse, "0.3"), true),
        (comparison("LessThan", mse, "0.25"), false),
        (comparison("LessThanOrEqualTo", mse, "0.25"), true),
        (comparison("GreaterThan", #""10""#, #""9""#), true),  // numeric strings compare as numbers
        (comparison("GreaterThan", #""b""#, #""a""#), true),
        (comparison("LessThan", #""apple""#, #""banana""#), true),
        (comparison("GreaterThan", #"{"Get":"Parameters.Epochs"}"#, "5"), true),
        // Operands may also sit beside Type.
        (#"{"Type":"Equals","LeftValue":2,"RightValue":2}"#, true),
        (#"{"Type":"In","Arguments":{"QueryValue":{"Get":"Parameters.InputData"},"Values":["s3://x","s3://b/in"]}}"#, true),
        (#"{"Type":"In","Arguments":{"QueryValue":3,"Values":[1,2,"3"]}}"#, true),
        (#"{"Type":"In","Arguments":{"QueryValue":4,"Values":[1,2,3]}}"#, false),
        (#"{"Type":"Not","Arguments":{"Expression":\#(comparison("Equals", "1", "2"))}}"#, true),
        (#"{"Type":"Not","Arguments":{"Expression":\#(comparison("Equals", "1", "1"))}}"#, false),
        (#"{"Type":"Or","Arguments":{"Conditions":[\#(comparison("Equals", "1", "2")),\#(comparison("LessThan", mse, "1"))]}}"#, true),
        (#"{"Type":"Or","Arguments":{"Conditions":[\#(comparison("Equals", "1", "2")),\#(comparison("Equals", "3", "4"))]}}"#, false),
        (#"{"Type":"Not","Arguments":{"Expression":{"Type":"Or","Arguments":{"Conditions":[\#(comparison("GreaterThan", acc, "0.99"))]}}}}"#, true),
    ]

    @Test(arguments: table)
    func evaluates(condition: String, holds: Bool) async throws {
        let value = try PipelineValue(json: condition)
        #expect(try await PipelineExpressions.evaluateCondition(value, context: PipelineExpressionsTests.context) == holds)
    }

    static let lists: [(conditions: [String], holds: Bool)] = [
        ([], true),
        ([comparison("Equals", "1", "1"), comparison("GreaterThan", acc, "0.5")], true),
        ([comparison("Equals", "1", "1"), comparison("GreaterThan", acc, "0.95")], false),
    ]

    @Test(arguments: lists)
    func andsAList(conditions: [String], holds: Bool) async throws {
        let values = try conditions.map { try PipelineValue(json: $0) }
        #expect(try await PipelineExpressions.evaluateConditions(values, context: PipelineExpressionsTests.context) == holds)
    }

    static let broken: [(String, String)] = [
        (#"{"Type":"Between"}"#, "unknown condition type Between"),
        (#"{"Arguments":{}}"#, "has no Type"),
        (#"{"Type":"Equals","Arguments":{"LeftValue":1}}"#, "needs LeftValue and RightValue"),
        (#"{"Type":"In","Arguments":{"QueryValue":1,"Values":2}}"#, "needs QueryValue and a Values list"),
        (#"{"Type":"Not","Arguments":{}}"#, "needs an Expression"),
        (#"{"Type":"Or","Arguments":{}}"#, "needs a Conditions list"),
        (comparison("Equals", #"{"Get":"Parameters.Nope"}"#, "1"), "no parameter Nope"),
    ]

    @Test(arguments: broken)
    func refusesBrokenConditions(condition: String, message: String) async throws {
        let value = try PipelineValue(json: condition)
        do {
            _ = try await PipelineExpressions.evaluateCondition(value, context: PipelineExpressionsTests.context)
            Issue.record("evaluated \(condition)")
        } catch let error as PipelineExpressionError {
            #expect(error.message.contains(message), "\(error.message)")
        }
    }
}
