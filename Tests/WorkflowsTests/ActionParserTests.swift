import Testing
@testable import Workflows

private func actionError(_ yaml: String) -> WorkflowParseError? {
    do {
        _ = try ActionParser.parse(yaml, path: ".github/actions/setup/action.yml")
        return nil
    } catch {
        return error
    }
}

@Suite("Action manifests")
struct ActionParserTests {
    @Test func compositeAction() throws {
        let yaml = """
        name: Setup
        description: Prepares the toolchain
        author: Slipway
        branding:
          icon: box
        inputs:
          version:
            description: Toolchain version
            required: true
            default: '6.1'
          verbose:
            required: false
        outputs:
          path:
            description: Install path
            value: ${{ steps.install.outputs.path }}
        runs:
          using: composite
          steps:
            - id: install
              run: ./install.sh ${{ inputs.version }}
              shell: bash
              working-directory: tools
            - uses: actions/cache@v4
              with:
                path: ~/.cache
                key: 1
        """
        let action = try ActionParser.parse(yaml, path: ".github/actions/setup/action.yml")
        #expect(action.name == "Setup")
        #expect(action.description == "Prepares the toolchain")
        #expect(action.author == "Slipway")
        #expect(action.inputs == [
            ActionInputDefinition(id: "version", description: "Toolchain version", required: true, defaultValue: "6.1"),
            ActionInputDefinition(id: "verbose"),
        ])
        #expect(action.input("version")?.required == true)
        #expect(action.outputs == [ActionOutputDefinition(id: "path", description: "Install path", value: "${{ steps.install.outputs.path }}")])
        #expect(action.runs.isComposite)
        #expect(action.runs.steps.count == 2)
        #expect(action.runs.steps[0].run == "./install.sh ${{ inputs.version }}")
        #expect(action.runs.steps[0].shell == "bash")
        #expect(action.runs.steps[0].workingDirectory == "tools")
        #expect(action.runs.steps[1].with == ["path": "~/.cache", "key": "1"])
        #expect(action.runs.steps[1].displayName == "Run actions/cache@v4")
    }

    @Test func nodeAndDockerActionsParse() throws {
        let node = try ActionParser.parse("name: n\nruns:\n  using: node20\n  main: dist/index.js\n  post: dist/post.js\n", path: "action.yml")
        #expect(node.runs.using == "node20")
        #expect(node.runs.main == "dist/index.js")
        #expect(!node.runs.isComposite)
        let docker = try ActionParser.parse("name: d\nruns:\n  using: Docker\n  image: Dockerfile\n  args: [a]\n", path: "action.yml")
        #expect(docker.runs.using == "docker")
        #expect(docker.runs.image == "Dockerfile")
    }

    @Test func errors() throws {
        let noShell = try #require(actionError("name: x\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n"))
        #expect(noShell.message == "Required property is missing: shell")
        #expect(noShell.line == 5)
        #expect(noShell.description == "The action is not valid. .github/actions/setup/action.yml (Line: 5, Col: 7): Required property is missing: shell")
        #expect(actionError("name: x\n")?.message == "Required property is missing: runs")
        #expect(actionError("name: x\nruns:\n  steps: []\n")?.message == "Required property is missing: using")
        #expect(actionError("name: x\nruns:\n  using: composite\n")?.message == "Required property is missing: steps")
        #expect(actionError("name: x\nruns:\n  using: node20\n")?.message == "Required property is missing: main")
        #expect(actionError("name: x\nruns:\n  using: docker\n")?.message == "Required property is missing: image")
        #expect(actionError("name: x\nruns:\n  using: python\n")?.message
            == "'using: python' is not supported, use 'docker', 'node20', 'node24' or 'composite' instead.")
        #expect(actionError("name: x\nruns:\n  using: composite\n  main: x.js\n  steps: []\n")?.message == "Unexpected value 'main'")
        #expect(actionError("name: x\nruns:\n  using: composite\n  steps:\n    - run: a\n      shell: bash\n      timeout-minutes: 3\n")?.message
            == "Unexpected value 'timeout-minutes'")
        #expect(actionError("name: x\nruns:\n  using: composite\n  steps:\n    - uses: a/b@v1\n      run: x\n")?.message
            == "Unexpected value 'run'")
        #expect(actionError("name: x\nruns:\n  using: composite\n  steps:\n    - id: a\n      uses: a/b@v1\n    - id: a\n      uses: a/b@v1\n")?.message
            == "The identifier 'a' may not be used more than once within the same scope.")
    }
}
