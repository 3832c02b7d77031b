import Testing
import Yams
@testable import Workflows

/// Parses a YAML matrix the way the workflow parser does and expands it.
private func expand(_ yaml: String) throws -> [[String: ExpressionValue]] {
    let workflow = try WorkflowParser.parse("""
    on: push
    jobs:
      a:
        runs-on: x
        strategy:
          matrix:
    \(yaml.split(separator: "\n").map { "        " + $0 }.joined(separator: "\n"))
        steps: [{run: a}]
    """, path: "w.yml")
    let strategy = try #require(workflow.jobs.first?.strategy)
    return try MatrixExpansion.expand(try #require(strategy.matrix), keyOrder: strategy.matrixKeyOrder)
}

private func s(_ value: String) -> ExpressionValue { .string(value) }

@Suite("Matrix expansion")
struct MatrixExpansionTests {
    @Test func cartesianProductInFileOrder() throws {
        let result = try expand("version: [10, 12, 14]\nos: [ubuntu-latest, windows-latest]")
        #expect(result == [
            ["version": .number(10), "os": s("ubuntu-latest")], ["version": .number(10), "os": s("windows-latest")],
            ["version": .number(12), "os": s("ubuntu-latest")], ["version": .number(12), "os": s("windows-latest")],
            ["version": .number(14), "os": s("ubuntu-latest")], ["version": .number(14), "os": s("windows-latest")],
        ])
        // Reversed key order reverses which key varies fastest.
        let reversed = try expand("os: [ubuntu-latest, windows-latest]\nversion: [10, 12, 14]")
        #expect(reversed.first == ["os": s("ubuntu-latest"), "version": .number(10)])
        #expect(reversed[1] == ["os": s("ubuntu-latest"), "version": .number(12)])
    }

    @Test func docsIncludeExampleFruitAnimal() throws {
        let result = try expand("""
        fruit: [apple, pear]
        animal: [cat, dog]
        include:
          - color: green
          - color: pink
            animal: cat
          - fruit: apple
            shape: circle
          - fruit: banana
          - fruit: banana
            animal: cat
        """)
        #expect(result == [
            ["fruit": s("apple"), "animal": s("cat"), "color": s("pink"), "shape": s("circle")],
            ["fruit": s("apple"), "animal": s("dog"), "color": s("green"), "shape": s("circle")],
            ["fruit": s("pear"), "animal": s("cat"), "color": s("pink")],
            ["fruit": s("pear"), "animal": s("dog"), "color": s("green")],
            ["fruit": s("banana")],
            ["fruit": s("banana"), "animal": s("cat")],
        ])
    }

    @Test func docsExpandingConfigurationsExample() throws {
        let result = try expand("""
        os: [windows-latest, ubuntu-latest]
        node: [14, 16]
        include:
          - os: windows-latest
            node: 16
            npm: 6
        """)
        #expect(result.count == 4)
        #expect(result[1] == ["os": s("windows-latest"), "node": .number(16), "npm": .number(6)])
        #expect(result.filter { $0["npm"] != nil }.count == 1)
    }

    @Test func docsIncludeOnlyExample() throws {
        let result = try expand("""
        include:
          - site: production
            datacenter: site-a
          - site: staging
            datacenter: site-b
        """)
        #expect(result == [["site": s("production"), "datacenter": s("site-a")], ["site": s("staging"), "datacenter": s("site-b")]])
    }

    @Test func docsExcludeExample() throws {
        let result = try expand("""
        os: [macos-latest, windows-latest]
        version: [12, 14, 16]
        environment: [staging, production]
        exclude:
          - os: macos-latest
            version: 12
            environment: production
          - os: windows-latest
            version: 16
        """)
        #expect(result.count == 9)
        #expect(!result.contains(["os": s("macos-latest"), "version": .number(12), "environment": s("production")]))
        #expect(!result.contains { $0["os"] == s("windows-latest") && $0["version"] == .number(16) })
        #expect(result.contains(["os": s("macos-latest"), "version": .number(12), "environment": s("staging")]))
    }

    @Test func excludeThenIncludeCanReAdd() throws {
        let result = try expand("""
        os: [linux, mac]
        exclude:
          - os: mac
        include:
          - os: mac
            extra: true
        """)
        #expect(result == [["os": s("linux")], ["os": s("mac"), "extra": .bool(true)]])
    }

    @Test func objectValuesAndLaterIncludesOverwriteAddedValues() throws {
        let result = try expand("""
        node: [{version: 20, lts: true}]
        include:
          - tag: a
          - tag: b
        """)
        #expect(result == [["node": .object(["version": .number(20), "lts": .bool(true)]), "tag": s("b")]])
    }

    @Test func orderedCombinations() throws {
        let matrix = ExpressionValue.object([
            "b": .array([.number(1)]), "a": .array([.number(2)]),
            "include": .array([.object(["z": .number(0), "c": .number(3)])]),
        ])
        let combinations = try MatrixExpansion.combinations(matrix, keyOrder: ["b", "a"])
        #expect(combinations.map(\.keys) == [["b", "a", "c", "z"]])
        // Without a key order, vectors fall back to alphabetical order.
        #expect(try MatrixExpansion.combinations(matrix).map(\.keys) == [["a", "b", "c", "z"]])
    }

    @Test func errors() {
        #expect(throws: MatrixExpansion.Error(message: "Matrix vector 'os' does not contain any values")) {
            try MatrixExpansion.expand(.object(["os": .array([])]))
        }
        #expect(throws: MatrixExpansion.Error(message: "Matrix must define at least one vector")) {
            try MatrixExpansion.expand(.object([:]))
        }
        #expect(throws: MatrixExpansion.Error(message: "Matrix must define at least one vector")) {
            try MatrixExpansion.expand(.object(["include": .array([]), "exclude": .array([])]))
        }
        #expect(throws: MatrixExpansion.Error(message: "Matrix must define at least one vector")) {
            try MatrixExpansion.expand(.string("not a matrix"))
        }
        #expect(throws: MatrixExpansion.Error(message: "Matrix vector 'os' must be a sequence")) {
            try MatrixExpansion.expand(.object(["os": .string("ubuntu")]))
        }
        #expect(throws: MatrixExpansion.Error(message: "Matrix include must be a sequence of mappings")) {
            try MatrixExpansion.expand(.object(["include": .array([.number(1)])]))
        }
        let values = ExpressionValue.array((1...16).map { .number(Double($0)) })
        #expect(throws: MatrixExpansion.Error(message: "Strategy produced more than 256 jobs")) {
            try MatrixExpansion.expand(.object(["a": values, "b": values, "c": .array([.number(1), .number(2)])]))
        }
        let huge = ExpressionValue.object(Dictionary(uniqueKeysWithValues: (1...40).map { ("k\($0)", values) }))
        #expect(throws: MatrixExpansion.Error(message: "Strategy produced more than 256 jobs")) {
            try MatrixExpansion.expand(huge)
        }
    }

    @Test func exactly256IsAllowed() throws {
        let values = ExpressionValue.array((1...16).map { .number(Double($0)) })
        #expect(try MatrixExpansion.expand(.object(["a": values, "b": values])).count == 256)
        // Excludes can bring an oversized product back under the limit.
        let trimmed = ExpressionValue.object(["a": values, "b": values, "c": .array([.number(1), .number(2)]),
                                              "exclude": .array([.object(["c": .number(2)])])])
        #expect(try MatrixExpansion.expand(trimmed).count == 256)
    }

    @Test func expressionMatrixIsKeptRaw() throws {
        let workflow = try WorkflowParser.parse("""
        on: push
        jobs:
          a:
            runs-on: x
            strategy:
              matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}
            steps: [{run: a}]
        """, path: "w.yml")
        #expect(workflow.jobs[0].strategy?.matrix == .string("${{ fromJSON(needs.setup.outputs.matrix) }}"))
        #expect(workflow.jobs[0].strategy?.failFast == .value(true))
    }
}
