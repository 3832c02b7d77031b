import Testing
@testable import SageMakerPipelines

@Suite("Pipeline graph")
struct PipelineGraphTests {
    typealias F = DefinitionFixtures

    /// Prep -> Train -> Check; Check's if branch: Register, then Deploy (DependsOn Register); else branch: Stop.
    /// Report (top level) reads Register's output, so it only runs on the if branch; Audit only waits for Check.
    static let branching = F.pipeline([
        F.step("Report", "Processing", arguments: #"{"x":\#(F.get("Steps.Register.ModelPackageArn"))}"#),
        F.condition(
            "Check", conditions: #"{"Type":"GreaterThan","Arguments":{"LeftValue":\#(F.get("Steps.Train.FinalMetricDataList['acc'].Value")),"RightValue":0.5}}"#,
            ifSteps: [
                F.step("Deploy", "Lambda", extra: #""FunctionArn":"arn:f","DependsOn":["Register"]"#),
                F.step("Register", "RegisterModel", arguments: #"{"ModelData":\#(F.get("Steps.Train.ModelArtifacts.S3ModelArtifacts"))}"#),
            ],
            elseSteps: [F.step("Stop", "Fail", arguments: #"{"ErrorMessage":"too low"}"#)]),
        F.step("Train", arguments: #"{"In":\#(F.get("Steps.Prep.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri"))}"#),
        F.step("Prep", "Processing"),
        F.step("Audit", "Processing", extra: #""DependsOn":["Check"]"#),
    ].joined(separator: ","))

    func graph(_ json: String = branching) throws -> PipelineGraph {
        PipelineGraph(try F.parse(json))
    }

    @Test func dependenciesAndPrerequisites() throws {
        let graph = try graph()
        #expect(graph.dependencies(of: "Train") == ["Prep"])
        #expect(graph.dependencies(of: "Register") == ["Train"])
        #expect(graph.prerequisites(of: "Register") == ["Train", "Check"])
        #expect(graph.dependencies(of: "Deploy") == ["Register"])
        #expect(graph.prerequisites(of: "Stop") == ["Check"])
        #expect(graph.dependencies(of: "Report") == ["Register"])
        #expect(graph.branch(of: "Stop") == PipelineStep.Branch(condition: "Check", ifBranch: false))
        #expect(graph.branch(of: "Report") == nil)
        #expect(graph.dependents(of: "Check") == ["Deploy", "Register", "Stop", "Audit"])
        #expect(graph.cycle() == nil)
    }

    @Test func topologicalOrderRespectsPrerequisites() throws {
        let order = try graph().topologicalOrder()
        #expect(order == ["Prep", "Train", "Check", "Register", "Report", "Deploy", "Stop", "Audit"])
        let positions = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let graph = try graph()
        for step in order {
            for prerequisite in graph.prerequisites(of: step) {
                #expect((positions[prerequisite] ?? .max) < (positions[step] ?? .min), "\(prerequisite) before \(step)")
            }
        }
    }

    /// One row per moment of an execution: what has succeeded, what runs, the outcomes known, and what is
    /// expected to be runnable and skipped.
    static let progress: [(succeeded: Set<String>, running: Set<String>, outcomes: [String: Bool], runnable: [String], skipped: Set<String>)] = [
        ([], [], [:], ["Prep"], []),
        ([], ["Prep"], [:], [], []),
        (["Prep"], [], [:], ["Train"], []),
        (["Prep", "Train"], [], [:], ["Check"], []),
        // The condition held: the if branch and what waits on it open up; Stop is skipped.
        (["Prep", "Train", "Check"], [], ["Check": true], ["Register", "Audit"], ["Stop"]),
        (["Prep", "Train", "Check"], ["Audit"], ["Check": true], ["Register"], ["Stop"]),
        (["Prep", "Train", "Check", "Register", "Audit"], [], ["Check": true], ["Report", "Deploy"], ["Stop"]),
        (["Prep", "Train", "Check", "Register", "Audit", "Report", "Deploy"], [], ["Check": true], [], ["Stop"]),
        // The condition did not hold: only Stop and Audit; Register, Deploy and Report (waits on Register) never run.
        (["Prep", "Train", "Check"], [], ["Check": false], ["Stop", "Audit"], ["Register", "Deploy", "Report"]),
        (["Prep", "Train", "Check", "Audit"], ["Stop"], ["Check": false], [], ["Register", "Deploy", "Report"]),
    ]

    @Test(arguments: progress)
    func runnableAndSkipped(
        succeeded: Set<String>, running: Set<String>, outcomes: [String: Bool], runnable: [String], skipped: Set<String>
    ) throws {
        let graph = try graph()
        #expect(graph.runnable(succeeded: succeeded, finished: succeeded, running: running, outcomes: outcomes) == runnable)
        #expect(graph.skipped(outcomes: outcomes) == skipped)
    }

    @Test func failedStepsBlockTheirDependents() throws {
        let graph = try graph()
        let runnable = graph.runnable(succeeded: [], finished: ["Prep"], running: [], outcomes: [:])
        #expect(runnable.isEmpty)
        #expect(graph.isSettled(succeeded: [], finished: ["Prep"], running: [], outcomes: [:]))
        #expect(!graph.isSettled(succeeded: ["Prep"], finished: ["Prep"], running: [], outcomes: [:]))
        #expect(!graph.isSettled(succeeded: [], finished: [], running: ["Prep"], outcomes: [:]))
        let all: Set<String> = ["Prep", "Train", "Check", "Stop", "Audit"]
        #expect(graph.isSettled(succeeded: all, finished: all, running: [], outcomes: ["Check": false]))
    }

    @Test func nestedConditionsSkipTheirWholeSubtree() throws {
        let json = F.pipeline(F.condition(
            "Outer", ifSteps: [F.condition("Inner", ifSteps: [F.step("Deep")], elseSteps: [F.step("Other")])], elseSteps: [F.step("Fallback")]))
        let graph = try graph(json)
        #expect(graph.runnable(succeeded: [], finished: [], running: [], outcomes: [:]) == ["Outer"])
        #expect(graph.skipped(outcomes: ["Outer": false]) == ["Inner", "Deep", "Other"])
        #expect(graph.runnable(succeeded: ["Outer"], finished: ["Outer"], running: [], outcomes: ["Outer": true]) == ["Inner"])
        #expect(graph.skipped(outcomes: ["Outer": true, "Inner": false]) == ["Fallback", "Deep"])
        #expect(graph.runnable(succeeded: ["Outer", "Inner"], finished: ["Outer", "Inner"], running: [], outcomes: ["Outer": true, "Inner": false]) == ["Other"])
    }

    @Test func independentStepsRunTogether() throws {
        let json = F.pipeline([F.step("A"), F.step("B"), F.step("C", extra: #""DependsOn":["A","B"]"#)].joined(separator: ","))
        let graph = try graph(json)
        #expect(graph.runnable(succeeded: [], finished: [], running: [], outcomes: [:]) == ["A", "B"])
        #expect(graph.runnable(succeeded: ["A"], finished: ["A"], running: ["B"], outcomes: [:]) == [])
        #expect(graph.runnable(succeeded: ["A", "B"], finished: ["A", "B"], running: [], outcomes: [:]) == ["C"])
    }
}
