import Testing
@testable import SageMakerPipelines

@Suite("Pipeline definition validation")
struct PipelineDefinitionTests {
    typealias F = DefinitionFixtures

    static let lambda = F.step(
        "Notify", "Lambda", arguments: #"{"model":\#(F.get("Steps.Train.ModelArtifacts.S3ModelArtifacts"))}"#,
        extra: #""FunctionArn":"arn:aws:lambda:us-east-1:000000000000:function:f","OutputParameters":[{"OutputName":"status","OutputType":"String"},{"OutputName":"n"}]"#
    )

    /// Definitions that must be accepted, with each step's expected dependencies.
    static let valid: [(name: String, json: String, dependencies: [String: Set<String>])] = [
        ("single step", F.pipeline(F.step("Train")), ["Train": []]),
        ("array order is not execution order",
         F.pipeline([
            F.step("Train", arguments: #"{"Input":\#(F.get("Steps.Prep.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"))}"#),
            F.step("Prep", "Processing", arguments: #"{"In":\#(F.get("Parameters.InputData"))}"#),
         ].joined(separator: ",")),
         ["Train": ["Prep"], "Prep": []]),
        ("DependsOn plus property references",
         F.pipeline([
            F.step("A", "Processing"), F.step("B", "Processing"),
            F.step("C", arguments: #"{"x":[{"y":\#(F.get("Steps.B.ProcessingJobArn"))}]}"#, extra: #""DependsOn":["A"]"#),
         ].joined(separator: ",")),
         ["A": [], "B": [], "C": ["A", "B"]]),
        ("references inside Std:Join and Std:JsonGet",
         F.pipeline([
            F.step("Eval", "Processing", extra: #""PropertyFiles":[{"PropertyFileName":"Report","OutputName":"evaluation","FilePath":"evaluation.json"}]"#),
            F.step("Train"),
            F.condition("Check", conditions: #"{"Type":"GreaterThan","Arguments":{"LeftValue":{"Std:JsonGet":{"PropertyFile":\#(F.get("Steps.Eval.PropertyFiles.Report")),"Path":"metrics.mse.value"}},"RightValue":{"Std:Join":{"On":"","Values":[\#(F.get("Steps.Train.TrainingJobName"))]}}}}"#),
         ].joined(separator: ",")),
         ["Eval": [], "Train": [], "Check": ["Eval", "Train"]]),
        ("condition with nested if and else steps",
         F.pipeline([
            F.step("Train"),
            F.condition(
                "Check", conditions: #"{"Type":"GreaterThanOrEqualTo","Arguments":{"LeftValue":\#(F.get("Steps.Train.FinalMetricDataList['acc'].Value")),"RightValue":0.8}}"#,
                ifSteps: [F.step("Register", "RegisterModel", arguments: #"{"ModelData":\#(F.get("Steps.Train.ModelArtifacts.S3ModelArtifacts"))}"#)],
                elseSteps: [F.step("Stop", "Fail", arguments: #"{"ErrorMessage":{"Std:Join":{"On":" ","Values":["low accuracy for",\#(F.get("Execution.PipelineExecutionId"))]}}}"#)]),
         ].joined(separator: ",")),
         ["Train": [], "Check": ["Train"], "Register": ["Train"], "Stop": []]),
        ("property-reference chain", F.pipeline([
            F.step("D", arguments: #"{"x":\#(F.get("Steps.C.ModelArtifacts.S3ModelArtifacts"))}"#),
            F.step("C", arguments: #"{"x":\#(F.get("Steps.B.ModelArtifacts.S3ModelArtifacts"))}"#),
            F.step("B", arguments: #"{"x":\#(F.get("Steps.A.ModelArtifacts.S3ModelArtifacts"))}"#),
            F.step("A"),
         ].joined(separator: ",")), ["A": [], "B": ["A"], "C": ["B"], "D": ["C"]]),
        ("lambda step", F.pipeline([F.step("Train"), lambda].joined(separator: ",")), ["Train": [], "Notify": ["Train"]]),
        ("typed parameters and enum values", F.pipeline(F.step("T", arguments: #"{"a":\#(F.get("Parameters.I")),"b":\#(F.get("Parameters.F")),"c":\#(F.get("Parameters.B")),"d":\#(F.get("Parameters.S"))}"#),
            parameters: #"[{"Name":"I","Type":"Integer","DefaultValue":3},{"Name":"F","Type":"Float","DefaultValue":1},{"Name":"B","Type":"Boolean","DefaultValue":false},{"Name":"S","Type":"String","DefaultValue":"x","EnumValues":["x","y"]}]"#),
         ["T": []]),
        ("execution and experiment variables", F.pipeline(F.step("T", arguments: #"{"a":[\#(F.get("Execution.PipelineExecutionArn")),\#(F.get("Execution.StartDateTime")),\#(F.get("Execution.PipelineArn")),\#(F.get("Execution.PipelineName")),\#(F.get("PipelineExperimentConfig.ExperimentName"))]}"#)),
         ["T": []]),
        ("step name with dash and underscore, 64 characters", F.pipeline(F.step("a-b_C" + String(repeating: "x", count: 59))),
         ["a-b_C" + String(repeating: "x", count: 59): []]),
    ]

    @Test(arguments: valid)
    func acceptsValidDefinitions(name: String, json: String, dependencies: [String: Set<String>]) throws {
        let definition = try F.parse(json)
        let graph = PipelineGraph(definition)
        #expect(Set(definition.steps.map(\.name)) == Set(dependencies.keys), "\(name)")
        for (step, expected) in dependencies {
            #expect(graph.dependencies(of: step) == expected, "\(name): \(step)")
        }
    }

    /// Definitions that must be refused, with a piece of the expected message.
    static let invalid: [(json: String, message: String)] = [
        ("not json", "not valid JSON"),
        ("[1,2]", "must be a JSON object"),
        (#"{"Steps":[{"Name":"A","Type":"Training"}]}"#, "missing Version"),
        (#"{"Version":"2021-01-01","Steps":[{"Name":"A","Type":"Training"}]}"#, #"Unsupported pipeline definition Version "2021-01-01""#),
        (#"{"Version":"2020-12-01"}"#, "must have a Steps list"),
        (#"{"Version":"2020-12-01","Steps":[]}"#, "non-empty list"),
        (F.pipeline(#"{"Type":"Training"}"#), "Every step must have a Name"),
        (F.pipeline(#"{"Name":"A"}"#), "Step A must have a Type"),
        (F.pipeline(#"42"#), "must be a JSON object"),
        (F.pipeline([F.step("A"), F.step("A", "Processing")].joined(separator: ",")), "A is used more than once"),
        (F.pipeline([F.step("A"), F.condition("C", ifSteps: [F.step("A")])].joined(separator: ",")), "A is used more than once"),
        (F.pipeline(F.condition("C", ifSteps: [F.step("X")], elseSteps: [F.step("X")])), "Step X appears in more than one condition branch"),
        (F.pipeline(F.step(String(repeating: "n", count: 65))), "longer than 64 characters"),
        (F.pipeline(F.step("bad name")), "Step name bad name must match the pattern"),
        (F.pipeline(F.step("bad.name")), "must match the pattern"),
        (F.pipeline(F.step("A", "Frobnicate")), "Unknown step type Frobnicate (step A)"),
        (F.pipeline(F.step("MyStep", "Callback")), "Step type Callback (step MyStep) is not supported by this server"),
        (F.pipeline(F.step("S", "CreateModel")), "Step type CreateModel (step S) is not supported"),
        (F.pipeline(F.step("S", "EMR")), "Step type EMR (step S) is not supported"),
        (F.pipeline(F.step("S", "QualityCheck")), "Step type QualityCheck (step S) is not supported"),
        (F.pipeline(F.step("S", "ClarifyCheck")), "Step type ClarifyCheck (step S) is not supported"),
        (F.pipeline(F.step("S", "Tuning")), "Step type Tuning (step S) is not supported"),
        (F.pipeline(F.step("S", "AutoML")), "Step type AutoML (step S) is not supported"),
        (F.pipeline(F.condition("C", ifSteps: [F.step("Nested", "Callback")])), "Step type Callback (step Nested) is not supported"),
        (F.pipeline(F.step("A", extra: #""DependsOn":["Ghost"]"#)), "Step A DependsOn unknown step Ghost"),
        (F.pipeline(F.step("A", extra: #""DependsOn":"B""#)), "DependsOn of step A must be a list"),
        (F.pipeline(F.step("A", extra: #""DependsOn":["A"]"#)), "Step A cannot depend on itself"),
        (F.pipeline(F.step("A", arguments: #"{"x":\#(F.get("Steps.Ghost.ModelArtifacts.S3ModelArtifacts"))}"#)), "Step A refers to unknown step Ghost"),
        (F.pipeline(F.step("A", arguments: #"{"x":[{"Std:Join":{"On":"/","Values":[\#(F.get("Steps.Ghost.X"))]}}]}"#)), "refers to unknown step Ghost"),
        (F.pipeline(F.step("A", arguments: #"{"x":\#(F.get("Steps.A.ModelArtifacts.S3ModelArtifacts"))}"#)), "Step A cannot refer to its own properties"),
        (F.pipeline(F.step("A", arguments: #"{"x":\#(F.get("Parameters.Missing"))}"#)), "refers to parameter Missing, which is not declared"),
        (F.pipeline(F.step("A", arguments: #"{"x":\#(F.get("Execution.Bogus"))}"#)), "unknown execution variable Bogus"),
        (F.pipeline(F.step("A", arguments: #"{"x":\#(F.get("Nowhere.X"))}"#)), "Invalid property reference 'Nowhere.X'"),
        (F.pipeline(F.step("A", arguments: #"{"x":{"Get":5}}"#)), "Get must be a string"),
        (F.pipeline([F.step("E", "Processing"), F.step("A", arguments: #"{"x":\#(F.get("Steps.E.PropertyFiles.Report"))}"#)].joined(separator: ",")),
         "property file Report, which step E does not declare"),
        (F.pipeline(F.step("A"), parameters: #"[{"Name":"P","Type":"String"},{"Name":"P","Type":"Integer"}]"#), "Duplicate parameter name: P"),
        (F.pipeline(F.step("A"), parameters: #"[{"Name":"P","Type":"Integer","DefaultValue":"five"}]"#), #"Value "five" for parameter P does not match its Type Integer"#),
        (F.pipeline(F.step("A"), parameters: #"[{"Name":"P","Type":"Integer","DefaultValue":1.5}]"#), "does not match its Type Integer"),
        (F.pipeline(F.step("A"), parameters: #"[{"Name":"P","Type":"Boolean","DefaultValue":"true"}]"#), "does not match its Type Boolean"),
        (F.pipeline(F.step("A"), parameters: #"[{"Name":"P","Type":"Float","DefaultValue":true}]"#), "does not match its Type Float"),
        (F.pipeline(F.step("A"), parameters: #"[{"Name":"P","Type":"String","DefaultValue":3}]"#), "does not match its Type String"),
        (F.pipeline(F.step("A"), parameters: #"[{"Name":"P","Type":"Decimal"}]"#), "Parameter P has unknown Type Decimal"),
        (F.pipeline(F.step("A"), parameters: #"[{"Type":"String"}]"#), "Every pipeline parameter must have a Name"),
        (F.pipeline(F.step("A"), parameters: #"[{"Name":"P","Type":"String","DefaultValue":"z","EnumValues":["x","y"]}]"#), "is not one of its EnumValues"),
        (F.pipeline([
            F.step("A", extra: #""DependsOn":["B"]"#),
            F.step("B", arguments: #"{"x":\#(F.get("Steps.C.ModelArtifacts.S3ModelArtifacts"))}"#),
            F.step("C", extra: #""DependsOn":["A"]"#),
         ].joined(separator: ",")), "cycle between steps (each waits on the next): A -> B -> C -> A"),
        (F.pipeline([F.step("A", extra: #""DependsOn":["B"]"#), F.step("B", extra: #""DependsOn":["A"]"#)].joined(separator: ",")),
         "A -> B -> A"),
        (F.pipeline(F.condition("C", conditions: #"{"Type":"Equals","Arguments":{"LeftValue":\#(F.get("Steps.X.TrainingJobName")),"RightValue":"x"}}"#, ifSteps: [F.step("X")])),
         "cycle between steps (each waits on the next): C -> X -> C"),
        (F.pipeline(F.step("A", extra: #""CacheConfig":{"Enabled":true,"ExpireAfter":"one hour"}"#)), "ExpireAfter 'one hour' in CacheConfig of step A"),
        (F.pipeline(F.step("A", extra: #""RetryPolicies":[{"IntervalSeconds":1}]"#)), "retry policy of step A must list its ExceptionType"),
        (F.pipeline(F.step("A", extra: #""RetryPolicies":[{"ExceptionType":["Step.THROTTLING"],"MaxAttempts":1.5}]"#)), "MaxAttempts in a retry policy of step A must be an integer"),
        (F.pipeline(F.step("A", extra: #""PropertyFiles":[{"PropertyFileName":"R"}]"#)), "needs PropertyFileName, OutputName and FilePath"),
        (F.pipeline(F.step("L", "Lambda")), "Lambda step L must have a FunctionArn"),
        (F.pipeline(F.step("C", "Condition", arguments: #"{"IfSteps":[]}"#)), "Condition step C must have a Conditions list"),
        (F.pipeline(F.condition("C", conditions: #"{"Type":"Between","Arguments":{}}"#)), "unknown condition type Between"),
        (F.pipeline(F.condition("C", conditions: #"{"Type":"Equals","Arguments":{"LeftValue":1}}"#)), "Equals condition needs RightValue"),
        (F.pipeline(F.condition("C", conditions: #"{"Type":"Not","Arguments":{"Expression":{"Type":"In","Arguments":{"QueryValue":1,"Values":2}}}}"#)),
         "Values of an In condition must be a list"),
        (F.pipeline(F.step("A", arguments: "[]")), "Arguments of step A must be a JSON object"),
    ]

    @Test(arguments: invalid)
    func refusesInvalidDefinitions(json: String, message: String) {
        let refusal = F.refusal(json)
        #expect(refusal?.contains(message) == true, "expected '\(message)', got \(refusal ?? "acceptance")")
    }

    @Test func exposesStepSettings() throws {
        let json = F.pipeline([
            F.step(
                "Train",
                extra: #""DisplayName":"Train it","Description":"trains","CacheConfig":{"Enabled":true,"ExpireAfter":"PT1H"},"RetryPolicies":[{"ExceptionType":["SageMaker.JOB_INTERNAL_ERROR"],"IntervalSeconds":5,"BackoffRate":1.5,"MaxAttempts":3},{"ExceptionType":["Step.THROTTLING"],"ExpireAfterMin":10}]"#),
            F.step("Eval", "Processing", extra: #""DependsOn":["Train"],"PropertyFiles":[{"PropertyFileName":"Report","OutputName":"evaluation","FilePath":"evaluation.json"}]"#),
            Self.lambda,
            F.condition("Check", ifSteps: [F.step("Yes", "Fail")], elseSteps: [F.step("No", "Fail")]),
        ].joined(separator: ","))
        let definition = try F.parse(json)
        #expect(definition.steps.map(\.name) == ["Train", "Eval", "Notify", "Check", "Yes", "No"])
        #expect(definition.topLevelStepNames == ["Train", "Eval", "Notify", "Check"])
        let train = try #require(definition.step(named: "Train"))
        #expect(train.type == .training)
        #expect(train.displayName == "Train it")
        #expect(train.description == "trains")
        #expect(train.cacheConfig == PipelineStep.CacheConfig(enabled: true, expireAfter: "PT1H", expireAfterSeconds: 3_600))
        #expect(train.retryPolicies == [
            PipelineStep.RetryPolicy(exceptionTypes: ["SageMaker.JOB_INTERNAL_ERROR"], intervalSeconds: 5, backoffRate: 1.5, maxAttempts: 3, expireAfterMinutes: nil),
            PipelineStep.RetryPolicy(exceptionTypes: ["Step.THROTTLING"], intervalSeconds: 1, backoffRate: 2, maxAttempts: nil, expireAfterMinutes: 10),
        ])
        #expect(train.rawRetryPolicies?.array?.count == 2)
        let eval = try #require(definition.step(named: "Eval"))
        #expect(eval.dependsOn == ["Train"])
        #expect(eval.propertyFiles == [PipelineStep.PropertyFile(name: "Report", outputName: "evaluation", filePath: "evaluation.json")])
        let notify = try #require(definition.step(named: "Notify"))
        #expect(notify.functionArn == "arn:aws:lambda:us-east-1:000000000000:function:f")
        #expect(notify.outputParameters == [.init(name: "status", type: "String"), .init(name: "n", type: "String")])
        let check = try #require(definition.step(named: "Check"))
        #expect(check.ifStepNames == ["Yes"])
        #expect(check.elseStepNames == ["No"])
        #expect(check.conditions.count == 1)
        #expect(check.ownArguments["IfSteps"] == nil)
        #expect(definition.step(named: "Yes")?.branch == PipelineStep.Branch(condition: "Check", ifBranch: true))
        #expect(definition.step(named: "No")?.branch == PipelineStep.Branch(condition: "Check", ifBranch: false))
        #expect(definition.step(named: "Train")?.branch == nil)
    }

    @Test func resolvesParameterValuesFromOverrides() throws {
        let definition = try F.parse(F.pipeline(F.step("A"),
            parameters: #"[{"Name":"I","Type":"Integer","DefaultValue":3},{"Name":"F","Type":"Float","DefaultValue":0.5},{"Name":"B","Type":"Boolean","DefaultValue":false},{"Name":"S","Type":"String","DefaultValue":"x","EnumValues":["x","y"]},{"Name":"N","Type":"String"}]"#))
        #expect(try definition.parameterValues(overrides: ["N": "n"]) == ["I": 3, "F": 0.5, "B": false, "S": "x", "N": "n"])
        #expect(try definition.parameterValues(overrides: ["I": "7", "F": "2", "B": "True", "S": "y", "N": ""]) == ["I": 7, "F": 2, "B": true, "S": "y", "N": ""])
        let refusals: [([String: String], String)] = [
            ([:], "Parameter N has no default value"),
            (["N": "n", "I": "7.5"], "Value '7.5' for parameter I is not a valid Integer"),
            (["N": "n", "B": "yes"], "is not a valid Boolean"),
            (["N": "n", "S": "z"], "is not one of its EnumValues [x, y]"),
            (["N": "n", "Other": "1"], "Parameter Other is not declared"),
        ]
        for (overrides, message) in refusals {
            #expect(throws: PipelineDefinitionError.self) { try definition.parameterValues(overrides: overrides) }
            do {
                _ = try definition.parameterValues(overrides: overrides)
            } catch {
                #expect(error.message.contains(message), "\(error.message)")
            }
        }
    }
}
