import Testing
@testable import Workflows

/// Parses `yaml` and returns the error it must raise.
func parseError(_ yaml: String, path: String = ".github/workflows/x.yml") -> WorkflowParseError? {
    do {
        _ = try WorkflowParser.parse(yaml, path: path)
        return nil
    } catch {
        return error
    }
}

/// A minimal valid job to splice into error tests.
let okJob = """
  ok:
    runs-on: ubuntu-latest
    steps:
      - run: echo ok
"""

@Suite("Workflow parser: errors")
struct WorkflowParseErrorTests {
    @Test func unknownTopLevelKeyWithPosition() throws {
        let error = try #require(parseError("on: push\nfoo: 1\njobs:\n\(okJob)\n", path: ".github/workflows/build.yml"))
        #expect(error.message == "Unexpected value 'foo'")
        #expect(error.line == 2)
        #expect(error.column == 1)
        #expect(error.located == ".github/workflows/build.yml (Line: 2, Col: 1): Unexpected value 'foo'")
        #expect(error.description == "The workflow is not valid. .github/workflows/build.yml (Line: 2, Col: 1): Unexpected value 'foo'")
    }

    @Test func unknownJobKey() throws {
        let yaml = """
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            stepz: []
        """
        let error = try #require(parseError(yaml))
        #expect(error.message == "Unexpected value 'stepz'")
        #expect(error.line == 5)
        #expect(error.column == 5)
    }

    @Test func unknownNeed() throws {
        let yaml = """
        on: push
        jobs:
          build:
            runs-on: ubuntu-latest
            steps: [{run: make}]
          deploy:
            needs: bild
            runs-on: ubuntu-latest
            steps: [{run: make deploy}]
        """
        let error = try #require(parseError(yaml))
        #expect(error.message == "Job 'deploy' depends on unknown job 'bild'.")
        #expect(error.description == "The workflow is not valid. .github/workflows/x.yml (Line: 7, Col: 12): Job 'deploy' depends on unknown job 'bild'.")
    }

    @Test func dependencyCycle() throws {
        let yaml = """
        on: push
        jobs:
        \(okJob)
          a:
            needs: [ok, b]
            runs-on: ubuntu-latest
            steps: [{run: a}]
          b:
            needs: a
            runs-on: ubuntu-latest
            steps: [{run: b}]
        """
        let error = try #require(parseError(yaml))
        #expect(error.message == "Job 'a' depends on job 'b' which creates a cycle in the dependency graph.")
    }

    @Test func noJobWithoutDependencies() throws {
        let yaml = """
        on: push
        jobs:
          a:
            needs: a
            runs-on: ubuntu-latest
            steps: [{run: a}]
        """
        #expect(parseError(yaml)?.message == "The workflow must contain at least one job with no dependencies.")
    }

    @Test func invalidJobIDs() throws {
        let message = "The identifier '1build' is invalid. IDs may only contain alphanumeric characters, '_', and '-'. "
            + "IDs must start with a letter or '_' and and must be less than 100 characters."
        #expect(parseError("on: push\njobs:\n  1build:\n    runs-on: x\n    steps: [{run: a}]\n")?.message == message)
        let long = "j" + String(repeating: "x", count: 99)
        #expect(parseError("on: push\njobs:\n  \(long):\n    runs-on: x\n    steps: [{run: a}]\n")?.message.contains("is invalid") == true)
        let justShort = "j" + String(repeating: "x", count: 98)
        #expect(parseError("on: push\njobs:\n  \(justShort):\n    runs-on: x\n    steps: [{run: a}]\n") == nil)
        #expect(parseError("on: push\njobs:\n  a.b:\n    runs-on: x\n    steps: [{run: a}]\n")?.message.contains("'a.b' is invalid") == true)
        #expect(parseError("on: push\njobs:\n  _ok-1_:\n    runs-on: x\n    steps: [{run: a}]\n") == nil)
    }

    @Test func duplicateJobAndKeys() throws {
        let yaml = "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{run: a}]\n  a:\n    runs-on: x\n    steps: [{run: a}]\n"
        #expect(parseError(yaml)?.message == "'a' is already defined")
        let caseOnly = "on: push\nenv:\n  FOO: 1\n  foo: 2\njobs:\n\(okJob)\n"
        #expect(parseError(caseOnly)?.message == "'foo' is already defined")
    }

    @Test func missingRunsOnAndShapes() throws {
        #expect(parseError("on: push\njobs:\n  a:\n    steps: [{run: a}]\n")?.message == "Required property is missing: runs-on")
        let undetermined = try #require(parseError("on: push\njobs:\n  a:\n    name: A\n"))
        #expect(undetermined.message.hasPrefix("There's not enough info to determine what you meant. Add one of these properties: cancel-timeout-minutes, container,"))
        #expect(parseError("on: push\njobs:\n  a:\n    uses: o/r/.github/workflows/w.yml@v1\n    runs-on: x\n")?.message == "Unexpected value 'runs-on'")
        #expect(parseError("on: push\njobs:\n  a:\n    with: {x: 1}\n")?.message == "Required property is missing: uses")
    }

    @Test func stepRunAndUses() throws {
        let both = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n        uses: actions/checkout@v4\n"
        let error = try #require(parseError(both))
        #expect(error.message == "Unexpected value 'uses'")
        #expect(error.line == 7)
        let neither = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - name: nothing\n"
        #expect(parseError(neither)?.message
            == "There's not enough info to determine what you meant. Add one of these properties: run, shell, uses, with, working-directory")
        let withOnRun = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n        with: {a: 1}\n"
        #expect(parseError(withOnRun)?.message == "Unexpected value 'with'")
        let shellOnly = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - shell: bash\n"
        #expect(parseError(shellOnly)?.message == "Required property is missing: run")
    }

    @Test func stepIDs() throws {
        let duplicate = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: s\n        run: a\n      - id: s\n        run: b\n"
        let error = try #require(parseError(duplicate))
        #expect(error.message == "The identifier 's' may not be used more than once within the same scope.")
        #expect(error.line == 8)
        let reserved = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: __s\n        run: a\n"
        #expect(parseError(reserved)?.message == "The identifier '__s' is invalid. IDs starting with '__' are reserved.")
        let invalid = "on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - id: my step\n        run: a\n"
        #expect(parseError(invalid)?.message.hasPrefix("The identifier 'my step' is invalid.") == true)
        let sameIDOtherJob = "on: push\njobs:\n  a:\n    runs-on: x\n    steps: [{id: s, run: a}]\n  b:\n    runs-on: x\n    steps: [{id: s, run: a}]\n"
        #expect(parseError(sameIDOtherJob) == nil)
    }

    @Test func branchesAndBranchesIgnore() throws {
        let yaml = """
        on:
          push:
            branches: [main]
            branches-ignore: [dev]
        jobs:
        \(okJob)
        """
        let error = try #require(parseError(yaml))
        #expect(error.message == "you may only define one of `branches` and `branches-ignore` for a single event")
        #expect(error.line == 4)
        #expect(error.column == 5)
        let paths = "on:\n  pull_request:\n    paths-ignore: [a]\n    paths: [b]\njobs:\n\(okJob)\n"
        #expect(parseError(paths)?.message == "you may only define one of `paths` and `paths-ignore` for a single event")
        #expect(parseError("on:\n  push:\n    branch: [main]\njobs:\n\(okJob)\n")?.message == "Unexpected value 'branch'")
        #expect(parseError("on:\n  pull_request:\n    tags: [v1]\njobs:\n\(okJob)\n")?.message == "Unexpected value 'tags'")
    }

    @Test func dispatchInputErrors() throws {
        func input(_ body: String) -> String {
            "on:\n  workflow_dispatch:\n    inputs:\n      env:\n\(body)\njobs:\n\(okJob)\n"
        }
        #expect(parseError(input("        type: choice"))?.message == "Missing 'options' for choice input 'env'")
        #expect(parseError(input("        type: choice\n        options: [a, b]\n        default: c"))?.message
            == "Default value 'c' of choice input 'env' is not one of its options")
        let unknownType = try #require(parseError(input("        type: text")))
        #expect(unknownType.message == "Unexpected value 'text'")
        #expect(unknownType.line == 5)
        #expect(parseError(input("        type: boolean\n        default: maybe"))?.message
            == "Unexpected type 'StringToken' encountered while reading 'input default'. The type 'BooleanToken' was expected.")
        #expect(parseError(input("        required: yes"))?.message
            == "Unexpected type 'StringToken' encountered while reading 'input required'. The type 'BooleanToken' was expected.")
        #expect(parseError(input("        type: string\n        options: [a]"))?.message == "Input type is not 'choice', but 'options' is defined")
        #expect(parseError(input("        kind: string"))?.message == "Unexpected value 'kind'")
        #expect(parseError(input("        type: choice\n        options: [a, b]\n        default: b")) == nil)
    }

    @Test func workflowCallInputs() throws {
        let yaml = """
        on:
          workflow_call:
            inputs:
              version:
                type: string
                default: ${{ github.sha }}
              debug:
                type: boolean
                required: false
            secrets:
              token:
                required: true
        jobs:
        \(okJob)
        """
        let workflow = try WorkflowParser.parse(yaml, path: "w.yml")
        let call = try #require(workflow.on.workflowCall)
        #expect(call.inputs.map(\.id) == ["version", "debug"])
        #expect(call.inputs[0].defaultValue == .string("${{ github.sha }}"))
        #expect(call.inputs[1].type == .boolean)
        #expect(call.secrets == .object(["token": .object(["required": .bool(true)])]))
        let missingType = "on:\n  workflow_call:\n    inputs:\n      v:\n        description: x\njobs:\n\(okJob)\n"
        #expect(parseError(missingType)?.message == "Required property is missing: type")
        let choice = "on:\n  workflow_call:\n    inputs:\n      v:\n        type: choice\njobs:\n\(okJob)\n"
        #expect(parseError(choice)?.message == "Unexpected value 'choice'")
    }

    @Test func scheduleErrors() throws {
        #expect(parseError("on:\n  schedule:\n    - cron: '61 * * * *'\njobs:\n\(okJob)\n")?.message
            == "Invalid cron expression. Expected format: '* * * * *' (minute hour day month weekday)")
        #expect(parseError("on:\n  schedule:\n    - crn: '* * * * *'\njobs:\n\(okJob)\n")?.message == "Unexpected value 'crn'")
        #expect(parseError("on:\n  schedule:\n    - timezone: UTC\njobs:\n\(okJob)\n")?.message == "Required property is missing: cron")
        #expect(parseError("on:\n  schedule:\n    - cron: '* * * * *'\n      timezone: Mars/Olympus\njobs:\n\(okJob)\n")?.message
            == "Invalid timezone 'Mars/Olympus'")
        #expect(parseError("on:\n  schedule: '* * * * *'\njobs:\n\(okJob)\n")?.message == "Unexpected value '* * * * *'")
    }

    @Test func matrixErrors() throws {
        func strategy(_ body: String) -> String {
            "on: push\njobs:\n  a:\n    runs-on: x\n    strategy:\n\(body)\n    steps: [{run: a}]\n"
        }
        let empty = try #require(parseError(strategy("      matrix:\n        os: []")))
        #expect(empty.message == "Matrix vector 'os' does not contain any values")
        #expect(empty.line == 7)
        #expect(parseError(strategy("      matrix: {}"))?.message == "Matrix must define at least one vector")
        #expect(parseError(strategy("      matrix:\n        include: []"))?.message == "Matrix must define at least one vector")
        #expect(parseError(strategy("      matrix:\n        os: ubuntu"))?.message == "Unexpected value 'ubuntu'")
        let big = (1...9).map { "        v\($0): [1, 2]" }.joined(separator: "\n")
        #expect(parseError(strategy("      matrix:\n\(big)"))?.message == "Strategy produced more than 256 jobs")
        #expect(parseError(strategy("      fail-fast: maybe"))?.message == "Unexpected value 'maybe'")
        #expect(parseError(strategy("      max-parallel: two"))?.message == "Unexpected value 'two'")
        #expect(parseError(strategy("      parallel: 2"))?.message == "Unexpected value 'parallel'")
        #expect(parseError(strategy("      matrix:\n        os: ${{ fromJSON(needs.a.outputs.os) }}")) == nil)
    }

    @Test func missingOnAndJobs() throws {
        #expect(parseError("jobs:\n\(okJob)\n")?.message == "Required property is missing: on")
        #expect(parseError("on: push\n")?.message == "Required property is missing: jobs")
        #expect(parseError("")?.message == "Required property is missing: on")
        #expect(parseError("on: []\njobs:\n\(okJob)\n")?.message == "No event triggers defined in `on`")
        #expect(parseError("on: {}\njobs:\n\(okJob)\n")?.message == "No event triggers defined in `on`")
        #expect(parseError("just text")?.message == "Unexpected value 'just text'")
        #expect(parseError("- a\n- b\n")?.message == "A sequence was not expected")
    }

    @Test func yamlSyntaxErrorsAreReported() throws {
        let error = try #require(parseError("on: push\njobs:\n  a: [unclosed\n"))
        #expect(error.message.hasPrefix("You have an error in your yaml syntax on line"))
        #expect(error.line != nil)
        let tabs = try #require(parseError("on: push\njobs:\n\ta: 1\n"))
        #expect(error.path == ".github/workflows/x.yml")
        #expect(tabs.message.hasPrefix("You have an error in your yaml syntax"))
        #expect(parseError("on: *missing\n")?.message.contains("yaml syntax") == true)
        #expect(parseError("on:\n  push:\n    branches:\n      - !main\njobs:\n\(okJob)\n")?.message == "Unexpected tag '!main'")
    }

    @Test func valueTypeErrors() throws {
        #expect(parseError("on: push\nenv:\n  A: [1]\njobs:\n\(okJob)\n")?.message == "A sequence was not expected")
        #expect(parseError("on: push\nenv:\n  A: {b: 1}\njobs:\n\(okJob)\n")?.message == "A mapping was not expected")
        #expect(parseError("on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n    steps: [{run: a}]\n")?.message
            == "Unexpected value 'soon'")
        #expect(parseError("on: push\njobs:\n  a:\n    runs-on: x\n    continue-on-error: sometimes\n    steps: [{run: a}]\n")?.message
            == "Unexpected value 'sometimes'")
        #expect(parseError("on: push\nconcurrency:\n  cancel-in-progress: true\njobs:\n\(okJob)\n")?.message
            == "Required property is missing: group")
        #expect(parseError("on: push\ndefaults:\n  run:\n    sh: bash\njobs:\n\(okJob)\n")?.message == "Unexpected value 'sh'")
        #expect(parseError("on: push\njobs:\n  a:\n    runs-on: x\n    environment:\n      url: https://x\n    steps: [{run: a}]\n")?.message
            == "Required property is missing: name")
    }
}
