import Foundation
import Testing
@testable import Workflows

@Suite("Workflow parser: a full workflow")
struct WorkflowParserTests {
    static let yaml = """
    name: CI
    run-name: Build ${{ github.ref_name }} by @${{ github.actor }}
    on:
      push:
        branches: [main, 'releases/**']
        tags: ['v*']
        paths-ignore:
          - 'docs/**'
      pull_request:
        types: [opened, synchronize]
        branches: [main]
      workflow_dispatch:
        inputs:
          target:
            description: Where to deploy
            required: true
            type: choice
            options: [staging, production]
            default: staging
          dry-run:
            type: boolean
            default: false
          replicas:
            type: number
            default: 3
          notes:
            description: Free text
          region:
            type: environment
          label:
            type: string
            default: 1.0
      repository_dispatch:
        types: [deploy-now]
      schedule:
        - cron: '30 5 * * 1-5'
        - cron: '0 0 1 JAN *'
          timezone: Europe/Paris
      issues:
        types: [opened]
    env:
      CI: true
      RETRIES: 3
      NAME: slipway
    defaults:
      run:
        shell: bash
        working-directory: src
    concurrency:
      group: ci-${{ github.ref }}
      cancel-in-progress: true
    permissions:
      contents: read
    jobs:
      build:
        name: Build (${{ matrix.os }})
        runs-on: ${{ matrix.os }}
        timeout-minutes: 30
        strategy:
          fail-fast: false
          max-parallel: 2
          matrix:
            os: [ubuntu-latest, macos-latest]
            node: [18, 20]
            include:
              - os: ubuntu-latest
                experimental: true
            exclude:
              - os: macos-latest
                node: 18
        outputs:
          version: ${{ steps.version.outputs.value }}
        env:
          NODE_ENV: test
        steps:
          - uses: actions/checkout@v4
          - name: Set up Node
            uses: actions/setup-node@v4
            with:
              node-version: ${{ matrix.node }}
              cache: npm
              check-latest: true
          - id: version
            run: |
              echo "value=1.2.3" >> "$GITHUB_OUTPUT"
              echo done
            shell: bash
            working-directory: app
            continue-on-error: ${{ matrix.experimental == true }}
            timeout-minutes: 5
            env:
              DEBUG: 1
          - run: npm test
            if: success() && matrix.node == 20
      deploy:
        needs: build
        if: github.ref == 'refs/heads/main'
        runs-on: [self-hosted, linux]
        environment:
          name: production
          url: https://example.com/${{ needs.build.outputs.version }}
        concurrency: deploy
        continue-on-error: true
        steps:
          - run: ./deploy.sh
      notify:
        needs: [build, deploy]
        if: always()
        runs-on:
          group: ops
          labels: small
        steps:
          - uses: ./.github/actions/notify
    """

    let workflow: WorkflowDefinition

    init() throws {
        workflow = try WorkflowParser.parse(Self.yaml, path: ".github/workflows/ci.yml")
    }

    @Test func topLevel() {
        #expect(workflow.path == ".github/workflows/ci.yml")
        #expect(workflow.name == "CI")
        #expect(workflow.displayName == "CI")
        #expect(workflow.runName == "Build ${{ github.ref_name }} by @${{ github.actor }}")
        #expect(workflow.env == ["CI": "true", "RETRIES": "3", "NAME": "slipway"])
        #expect(workflow.defaults == RunDefaults(shell: "bash", workingDirectory: "src"))
        #expect(workflow.concurrency == ConcurrencyDefinition(group: "ci-${{ github.ref }}", cancelInProgress: .value(true)))
        #expect(workflow.permissions == .object(["contents": .string("read")]))
        #expect(workflow.jobs.map(\.id) == ["build", "deploy", "notify"])
    }

    @Test func triggers() throws {
        let on = workflow.on
        #expect(on.events == ["push", "pull_request", "workflow_dispatch", "repository_dispatch", "schedule", "issues"])
        let push = try #require(on.push)
        #expect(push.branches?.patterns == ["main", "releases/**"])
        #expect(push.tags?.patterns == ["v*"])
        #expect(push.paths == .ignore([FilterPattern("docs/**")]))
        #expect(on.pullRequest?.types == ["opened", "synchronize"])
        #expect(on.pullRequest?.branches?.patterns == ["main"])
        #expect(on.repositoryDispatch?.types == ["deploy-now"])
        #expect(on.repositoryDispatch?.matches(type: "deploy-now") == true)
        #expect(on.repositoryDispatch?.matches(type: "other") == false)
        #expect(on.other["issues"] == .object(["types": .array([.string("opened")])]))
        #expect(on.contains("issues"))
        #expect(!on.contains("release"))
        #expect(on.schedule.map(\.cron) == ["30 5 * * 1-5", "0 0 1 JAN *"])
        #expect(on.schedule.map(\.timezone) == [nil, "Europe/Paris"])
        #expect(on.schedule[1].schedule.timeZone.identifier == "Europe/Paris")
    }

    @Test func dispatchInputs() throws {
        let inputs = try #require(workflow.on.workflowDispatch).inputs
        #expect(inputs.map(\.id) == ["target", "dry-run", "replicas", "notes", "region", "label"])
        #expect(inputs[0] == WorkflowInputDefinition(id: "target", description: "Where to deploy", required: true,
                                                     defaultValue: .string("staging"), type: .choice,
                                                     options: ["staging", "production"]))
        #expect(inputs[1].type == .boolean)
        #expect(inputs[1].defaultValue == .bool(false))
        #expect(inputs[1].required == false)
        #expect(inputs[2].type == .number)
        #expect(inputs[2].defaultValue == .number(3))
        #expect(inputs[3].type == .string)
        #expect(inputs[3].description == "Free text")
        #expect(inputs[3].defaultValue == nil)
        #expect(inputs[4].type == .environment)
        #expect(inputs[5].defaultValue == .string("1"))
        #expect(workflow.on.workflowDispatch?.input("replicas")?.type == .number)
    }

    @Test func buildJob() throws {
        let build = try #require(workflow.job("build"))
        #expect(build.name == "Build (${{ matrix.os }})")
        #expect(build.displayName == "Build (${{ matrix.os }})")
        #expect(build.runsOn == RunsOnDefinition(labels: ["${{ matrix.os }}"]))
        #expect(build.needs.isEmpty)
        #expect(build.ifCondition == nil)
        #expect(build.timeoutMinutes == .value(30))
        #expect(build.continueOnError == .value(false))
        #expect(build.outputs == ["version": "${{ steps.version.outputs.value }}"])
        #expect(build.env == .variables(["NODE_ENV": "test"]))
        #expect(build.unsupportedKeys.isEmpty)

        let strategy = try #require(build.strategy)
        #expect(strategy.failFast == .value(false))
        #expect(strategy.maxParallel == .value(2))
        #expect(strategy.matrixKeyOrder == ["os", "node", "experimental"])
        let matrix = try #require(strategy.matrix)
        #expect(matrix["os"] == .array([.string("ubuntu-latest"), .string("macos-latest")]))
        #expect(matrix["node"] == .array([.number(18), .number(20)]))
        let combinations = try MatrixExpansion.expand(matrix, keyOrder: strategy.matrixKeyOrder)
        #expect(combinations == [
            ["os": .string("ubuntu-latest"), "node": .number(18), "experimental": .bool(true)],
            ["os": .string("ubuntu-latest"), "node": .number(20), "experimental": .bool(true)],
            ["os": .string("macos-latest"), "node": .number(20)],
        ])
    }

    @Test func buildSteps() throws {
        let steps = try #require(workflow.job("build")).steps
        #expect(steps.count == 4)

        #expect(steps[0].kind == .uses("actions/checkout@v4"))
        #expect(steps[0].uses == "actions/checkout@v4")
        #expect(steps[0].run == nil)
        #expect(steps[0].displayName == "Run actions/checkout@v4")

        #expect(steps[1].name == "Set up Node")
        #expect(steps[1].displayName == "Set up Node")
        #expect(steps[1].with == ["node-version": "${{ matrix.node }}", "cache": "npm", "check-latest": "true"])

        let version = steps[2]
        #expect(version.id == "version")
        #expect(version.run == "echo \"value=1.2.3\" >> \"$GITHUB_OUTPUT\"\necho done\n")
        #expect(version.displayName == "Run echo \"value=1.2.3\" >> \"$GITHUB_OUTPUT\"")
        #expect(version.shell == "bash")
        #expect(version.workingDirectory == "app")
        #expect(version.continueOnError == .expression("${{ matrix.experimental == true }}"))
        #expect(version.timeoutMinutes == .value(5))
        #expect(version.env == .variables(["DEBUG": "1"]))

        #expect(steps[3].ifCondition == "success() && matrix.node == 20")
        #expect(steps[3].displayName == "Run npm test")
        #expect(steps[3].timeoutMinutes == nil)
        #expect(steps[3].continueOnError == .value(false))
    }

    @Test func deployAndNotifyJobs() throws {
        let deploy = try #require(workflow.job("deploy"))
        #expect(deploy.needs == ["build"])
        #expect(deploy.ifCondition == "github.ref == 'refs/heads/main'")
        #expect(deploy.runsOn == RunsOnDefinition(labels: ["self-hosted", "linux"]))
        #expect(deploy.environment == JobEnvironment(name: "production", url: "https://example.com/${{ needs.build.outputs.version }}"))
        #expect(deploy.concurrency == ConcurrencyDefinition(group: "deploy"))
        #expect(deploy.continueOnError == .value(true))
        #expect(deploy.timeoutMinutes == .value(360))
        #expect(deploy.strategy == nil)
        #expect(deploy.displayName == "deploy")
        #expect(deploy.steps.map(\.displayName) == ["Run ./deploy.sh"])

        let notify = try #require(workflow.job("notify"))
        #expect(notify.needs == ["build", "deploy"])
        #expect(notify.ifCondition == "always()")
        #expect(notify.runsOn == RunsOnDefinition(labels: ["small"], group: "ops"))
        #expect(notify.steps.first?.uses == "./.github/actions/notify")
    }

    @Test func pushFiltersOfTheWorkflow() throws {
        let push = try #require(workflow.on.push)
        #expect(push.matches(ref: "refs/heads/main", changedPaths: ["src/app.swift"]))
        #expect(push.matches(ref: "refs/heads/releases/v1/hotfix", changedPaths: ["README.md", "docs/x.md"]))
        #expect(!push.matches(ref: "refs/heads/main", changedPaths: ["docs/guide.md"]))
        #expect(!push.matches(ref: "refs/heads/feature", changedPaths: ["src/app.swift"]))
        #expect(push.matches(ref: "refs/tags/v1.0.0", changedPaths: ["docs/guide.md"]))
        #expect(!push.matches(ref: "refs/tags/release-1", changedPaths: nil))
    }

    @Test func cronOfTheWorkflow() throws {
        let schedule = workflow.on.schedule[0].schedule
        let monday = try #require(ISO8601DateFormatter().date(from: "2024-01-08T05:30:00Z"))
        #expect(schedule.matches(monday))
        #expect(!schedule.matches(monday.addingTimeInterval(60)))
    }
}
