import Testing
import Yams
@testable import Workflows

@Suite("Workflow parser: YAML quirks")
struct YAMLQuirksTests {
    @Test func onKeyIsFoundAlthoughYAML11CallsItTrue() throws {
        // Yams' own resolver (YAML 1.1) types a plain `on` as a boolean; the parser reads keys by the 1.2 core schema.
        let node = try #require(try Yams.compose(yaml: "on: push\n"))
        #expect(node.mapping?.keys.first?.bool == true)
        let workflow = try WorkflowParser.parse("on: push\njobs:\n\(okJob)\n", path: "w.yml")
        #expect(workflow.on.events == ["push"])
        #expect(workflow.on.push == PushTrigger())
        let quoted = try WorkflowParser.parse("\"on\": [push]\njobs:\n\(okJob)\n", path: "w.yml")
        #expect(quoted.on.events == ["push"])
    }

    @Test func onForms() throws {
        let scalar = try WorkflowParser.parse("on: workflow_dispatch\njobs:\n\(okJob)\n", path: "w.yml")
        #expect(scalar.on.events == ["workflow_dispatch"])
        #expect(scalar.on.workflowDispatch == WorkflowDispatchTrigger())
        let list = try WorkflowParser.parse("on: [push, workflow_dispatch]\njobs:\n\(okJob)\n", path: "w.yml")
        #expect(list.on.events == ["push", "workflow_dispatch"])
        #expect(list.on.push != nil)
        #expect(list.on.workflowDispatch != nil)
        let nullValues = try WorkflowParser.parse("on:\n  push:\n  workflow_dispatch:\n  release:\njobs:\n\(okJob)\n", path: "w.yml")
        #expect(nullValues.on.events == ["push", "workflow_dispatch", "release"])
        #expect(nullValues.on.other["release"] == .null)
    }

    @Test func yesNoOnOffStayStrings() throws {
        let yaml = "on: push\nenv:\n  A: yes\n  B: off\n  C: 'true'\n  D: TRUE\njobs:\n\(okJob)\n"
        let workflow = try WorkflowParser.parse(yaml, path: "w.yml")
        #expect(workflow.env == ["A": "yes", "B": "off", "C": "true", "D": "true"])
    }

    @Test func scalarsBecomeTextAsGitHubWritesThem() throws {
        // YAML reads `3.10` as the number 3.1, so GitHub passes "3.1" to the action too; quote it to keep "3.10".
        let yaml = """
        on: push
        env:
          FLAG: true
          ONE: 1
          FLOAT: 1.50
          EMPTY:
          HEX: 0x10
          BIG: 1e3
          NUMBERISH: 1_000
          STR: '007'
        jobs:
          a:
            runs-on: ubuntu-latest
            steps:
              - uses: actions/setup-python@v5
                with:
                  python-version: 3.10
                  quoted-version: '3.10'
                  enabled: false
                  count: 007
        """
        let workflow = try WorkflowParser.parse(yaml, path: "w.yml")
        #expect(workflow.env == ["FLAG": "true", "ONE": "1", "FLOAT": "1.5", "EMPTY": "", "HEX": "16", "BIG": "1000",
                                 "NUMBERISH": "1_000", "STR": "007"])
        let with = try #require(workflow.jobs.first?.steps.first?.with)
        #expect(with == ["python-version": "3.1", "quoted-version": "3.10", "enabled": "false", "count": "7"])
    }

    @Test func ifBooleansAndExpressions() throws {
        let yaml = """
        on: push
        jobs:
          a:
            if: false
            runs-on: ubuntu-latest
            env: ${{ fromJSON(vars.ENV) }}
            timeout-minutes: ${{ inputs.timeout }}
            steps:
              - run: echo
                if: ${{ always() }}
                env: ${{ matrix.env }}
        """
        let job = try #require(try WorkflowParser.parse(yaml, path: "w.yml").jobs.first)
        #expect(job.ifCondition == "false")
        #expect(job.env == .expression("${{ fromJSON(vars.ENV) }}"))
        #expect(job.env.variables.isEmpty)
        #expect(job.timeoutMinutes == .expression("${{ inputs.timeout }}"))
        #expect(job.steps[0].ifCondition == "${{ always() }}")
        #expect(job.steps[0].env == .expression("${{ matrix.env }}"))
    }

    @Test func anchorsAndAliases() throws {
        let yaml = """
        on: push
        jobs:
          a:
            runs-on: ubuntu-latest
            env: &shared
              MODE: fast
            steps: [{run: a}]
          b:
            runs-on: ubuntu-latest
            env: *shared
            steps: [{run: b}]
        """
        let workflow = try WorkflowParser.parse(yaml, path: "w.yml")
        #expect(workflow.jobs[1].env == .variables(["MODE": "fast"]))
    }

    @Test func nameDefaultsToPath() throws {
        let workflow = try WorkflowParser.parse("on: push\njobs:\n\(okJob)\n", path: ".github/workflows/build.yml")
        #expect(workflow.name == nil)
        #expect(workflow.displayName == ".github/workflows/build.yml")
    }

    @Test func unsupportedJobsParse() throws {
        let yaml = """
        on: push
        jobs:
          db:
            runs-on: ubuntu-latest
            container: node:20
            services:
              postgres:
                image: postgres:16
            steps: [{run: psql}]
          call:
            uses: octo/repo/.github/workflows/reusable.yml@main
            with:
              level: 3
            secrets: inherit
        """
        let workflow = try WorkflowParser.parse(yaml, path: "w.yml")
        #expect(workflow.jobs[0].unsupportedKeys == ["services"])
        #expect(workflow.jobs[0].container == .string("node:20"))
        #expect(workflow.jobs[0].services == .object(["postgres": .object(["image": .string("postgres:16")])]))
        #expect(workflow.jobs[1].unsupportedKeys == ["uses"])
        #expect(workflow.jobs[1].uses == "octo/repo/.github/workflows/reusable.yml@main")
        #expect(workflow.jobs[1].with == .object(["level": .number(3)]))
        #expect(workflow.jobs[1].secrets == .string("inherit"))
        #expect(workflow.jobs[1].steps.isEmpty)
    }

    @Test func concurrencyForms() throws {
        let yaml = """
        on: push
        concurrency:
          group: g
          cancel-in-progress: ${{ github.ref != 'refs/heads/main' }}
        jobs:
        \(okJob)
        """
        let workflow = try WorkflowParser.parse(yaml, path: "w.yml")
        #expect(workflow.concurrency == ConcurrencyDefinition(group: "g", cancelInProgress: .expression("${{ github.ref != 'refs/heads/main' }}")))
    }

    @Test func expressionValueFromYAML() throws {
        let node = try #require(try Yams.compose(yaml: "a: [1, 'x', true, ~, {b: 2.5}]\nyes: no\n"))
        #expect(ExpressionValue(yamlNode: node) == .object([
            "a": .array([.number(1), .string("x"), .bool(true), .null, .object(["b": .number(2.5)])]),
            "yes": .string("no"),
        ]))
        let loaded = try Yams.load(yaml: "a: [1, x, 2.5]\nb: {c: false}\n")
        #expect(ExpressionValue(loadedYAML: loaded) == .object([
            "a": .array([.number(1), .string("x"), .number(2.5)]),
            "b": .object(["c": .bool(false)]),
        ]))
    }

    @Test func garbageNeverCrashes() {
        let inputs = ["", "\u{0}", ":", "on:", "jobs: 5", "on: push\njobs: []", "on: push\njobs:\n  a: 1", "[[[", "{a: b",
                      "on: push\njobs:\n  a:\n    runs-on: [[]]\n    steps: [1]", "? [a]\n: b", "on: !!int x\njobs: {}",
                      "on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n      matrix:\n        include: [1]\n    steps: []"]
        for input in inputs {
            #expect(throws: WorkflowParseError.self) { try WorkflowParser.parse(input, path: "w.yml") }
            #expect(throws: WorkflowParseError.self) { try ActionParser.parse(input, path: "action.yml") }
        }
        // libyaml caps nesting, so absurdly deep documents are syntax errors rather than stack overflows.
        let deep = "on: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: WorkflowParseError.self) { try WorkflowParser.parse(deep, path: "w.yml") }
    }
}
