import Testing
@testable import Workflows

/// Whether the pattern list (GitHub order semantics) matches `value`.
private func list(_ patterns: [String], _ value: String) -> Bool {
    FilterPattern.evaluate(patterns.map(FilterPattern.init), value)
}

@Suite("Filter patterns: docs.github.com cheat sheet")
struct FilterPatternTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var patterns: [String]
        var matching: [String]
        var notMatching: [String] = []
        var testDescription: String { patterns.joined(separator: ", ") }
    }

    static let branchAndTagRows: [Row] = [
        Row(patterns: ["feature/*"], matching: ["feature/my-branch", "feature/your-branch"],
            notMatching: ["feature/your/branch", "feature", "features/x"]),
        Row(patterns: ["feature/**"], matching: ["feature/beta-a/my-branch", "feature/your-branch", "feature/mona/the/octocat"],
            notMatching: ["feature", "other/feature/x"]),
        Row(patterns: ["main", "releases/mona-the-octocat"], matching: ["main", "releases/mona-the-octocat"],
            notMatching: ["main2", "releases/mona", "xmain"]),
        Row(patterns: ["*"], matching: ["main", "releases", "v1.0"], notMatching: ["releases/x", "feature/a"]),
        Row(patterns: ["**"], matching: ["all/branches", "every/tag", "main"]),
        Row(patterns: ["*feature"], matching: ["mona-feature", "feature", "ver-10-feature"], notMatching: ["feature-x", "a/feature"]),
        Row(patterns: ["v2*"], matching: ["v2", "v2.0", "v2.9"], notMatching: ["v1.0", "xv2"]),
        Row(patterns: ["v[12].[0-9]+.[0-9]+"], matching: ["v1.10.1", "v2.0.0", "v1.0.0"],
            notMatching: ["v3.0.0", "v1.0", "v1.a.0", "v12.0.0"]),
    ]

    static let pathRows: [Row] = [
        Row(patterns: ["*"], matching: ["README.md", "server.rb"], notMatching: ["docs/README.md"]),
        Row(patterns: ["*.jsx?"], matching: ["page.js", "page.jsx"], notMatching: ["page.jsxx", "src/page.js"]),
        Row(patterns: ["**"], matching: ["all/the/files.md", "a"]),
        Row(patterns: ["*.js"], matching: ["app.js", "index.js"], notMatching: ["js/index.js", "app.jsx"]),
        Row(patterns: ["**.js"], matching: ["index.js", "js/index.js", "src/js/app.js"], notMatching: ["index.jsx"]),
        Row(patterns: ["docs/*"], matching: ["docs/README.md", "docs/file.txt"], notMatching: ["docs/mona/octocat.txt", "README.md"]),
        Row(patterns: ["docs/**"], matching: ["docs/README.md", "docs/mona/octocat.txt"], notMatching: ["src/docs/x.md"]),
        Row(patterns: ["docs/**/*.md"], matching: ["docs/README.md", "docs/mona/hello-world.md", "docs/a/markdown/file.md"],
            notMatching: ["docs/mona/file.txt"]),
        Row(patterns: ["**/docs/**"], matching: ["docs/hello.md", "dir/docs/my-file.txt", "space/docs/plan/space.doc"],
            notMatching: ["mydocs/x.md"]),
        Row(patterns: ["**/README.md"], matching: ["README.md", "js/README.md"], notMatching: ["README.mdx", "js/MY-README.md"]),
        Row(patterns: ["**/*src/**"], matching: ["a/src/app.js", "my-src/code/js/app.js"], notMatching: ["source/app.js"]),
        Row(patterns: ["**/*-post.md"], matching: ["my-post.md", "path/their-post.md"], notMatching: ["post.md"]),
        Row(patterns: ["**/migrate-*.sql"], matching: ["migrate-10909.sql", "db/migrate-v1.0.sql", "db/sept/migrate-v1.sql"],
            notMatching: ["db/migrate/v1.sql"]),
        Row(patterns: ["*.md", "!README.md"], matching: ["hello.md"], notMatching: ["README.md", "docs/hello.md"]),
        Row(patterns: ["*.md", "!README.md", "README*"], matching: ["hello.md", "README.md", "README.doc"], notMatching: ["docs/a.md"]),
    ]

    @Test(arguments: branchAndTagRows + pathRows)
    func cheatSheetRow(_ row: Row) {
        for value in row.matching {
            #expect(list(row.patterns, value), "\(row.patterns) should match \(value)")
        }
        for value in row.notMatching {
            #expect(!list(row.patterns, value), "\(row.patterns) should not match \(value)")
        }
    }

    @Test func negationOrder() {
        let patterns = ["releases/**", "!releases/**-alpha"]
        #expect(list(patterns, "releases/10"))
        #expect(list(patterns, "releases/beta/mona"))
        #expect(!list(patterns, "releases/10-alpha"))
        #expect(!list(patterns, "releases/beta/3-alpha"))
        #expect(!list(patterns, "main"))
        // A later positive pattern re-includes.
        #expect(list(["releases/**", "!releases/**-alpha", "releases/keep-alpha"], "releases/keep-alpha"))
        // Only negative patterns match nothing.
        #expect(!list(["!main"], "dev"))
        #expect(!list(["!main"], "main"))
        #expect(!list([], "main"))
    }

    @Test func quantifiersClassesAndEscapes() {
        #expect(FilterPattern("colou?r").matches("color"))
        #expect(FilterPattern("colou?r").matches("colour"))
        #expect(!FilterPattern("colou?r").matches("colouur"))
        #expect(FilterPattern("a+b").matches("aaab"))
        #expect(!FilterPattern("a+b").matches("b"))
        #expect(FilterPattern("[a-c]x").matches("bx"))
        #expect(!FilterPattern("[a-c]x").matches("dx"))
        #expect(FilterPattern("[0-9a-zA-Z]").matches("Q"))
        #expect(FilterPattern("\\*literal").matches("*literal"))
        #expect(!FilterPattern("\\*literal").matches("xliteral"))
        #expect(FilterPattern("\\!important").matches("!important"))
        #expect(!FilterPattern("\\!important").isNegated)
        #expect(FilterPattern("!main").isNegated)
        #expect(FilterPattern("v\\?").matches("v?"))
        #expect(FilterPattern("[unclosed").matches("[unclosed"))
        #expect(FilterPattern("trailing\\").matches("trailing\\"))
        #expect(FilterPattern("+x").matches("+x"))
        #expect(FilterPattern("").matches(""))
        #expect(!FilterPattern("").matches("a"))
    }

    @Test func longInputsStayFast() {
        let value = String(repeating: "a", count: 300) + "/b"
        #expect(!FilterPattern("**a**a**a**a**c").matches(value))
        #expect(FilterPattern("*/**").matches(value))
    }
}

@Suite("Filter patterns: push triggers")
struct PushFilterTests {
    private func push(branches: PatternFilter? = nil, tags: PatternFilter? = nil, paths: PatternFilter? = nil) -> PushTrigger {
        PushTrigger(branches: branches, tags: tags, paths: paths)
    }

    private func only(_ patterns: String...) -> PatternFilter { .only(patterns.map(FilterPattern.init)) }
    private func ignore(_ patterns: String...) -> PatternFilter { .ignore(patterns.map(FilterPattern.init)) }

    @Test func noFiltersTriggerBranchesAndTags() {
        #expect(push().matches(ref: "refs/heads/anything/at/all"))
        #expect(push().matches(ref: "refs/tags/v1"))
    }

    @Test func onlyBranches() {
        let trigger = push(branches: only("main", "releases/**"))
        #expect(trigger.matches(ref: "refs/heads/main"))
        #expect(trigger.matches(ref: "refs/heads/releases/1.0"))
        #expect(!trigger.matches(ref: "refs/heads/dev"))
        #expect(!trigger.matches(ref: "refs/tags/main"))
    }

    @Test func onlyTags() {
        let trigger = push(tags: only("v*"))
        #expect(trigger.matches(ref: "refs/tags/v1.2"))
        #expect(!trigger.matches(ref: "refs/tags/release"))
        #expect(!trigger.matches(ref: "refs/heads/main"))
    }

    @Test func ignoreVariants() {
        let trigger = push(branches: ignore("mona/octocat", "releases/**-alpha"), tags: ignore("v1.*"))
        #expect(trigger.matches(ref: "refs/heads/main"))
        #expect(!trigger.matches(ref: "refs/heads/mona/octocat"))
        #expect(!trigger.matches(ref: "refs/heads/releases/beta/3-alpha"))
        #expect(trigger.matches(ref: "refs/tags/v2.0"))
        #expect(!trigger.matches(ref: "refs/tags/v1.9"))
        // Negation inverts inside an ignore list: `!` un-ignores.
        let unignore = push(branches: ignore("releases/**", "!releases/keep"))
        #expect(!unignore.matches(ref: "refs/heads/releases/drop"))
        #expect(unignore.matches(ref: "refs/heads/releases/keep"))
        // branches-ignore alone: tags are not filtered, so tag pushes do not trigger.
        #expect(!push(branches: ignore("x")).matches(ref: "refs/tags/v1"))
    }

    @Test func otherRefs() {
        #expect(push().matches(ref: "refs/notes/x"))
        #expect(!push(branches: only("**")).matches(ref: "refs/notes/x"))
    }

    @Test func paths() {
        let trigger = push(paths: only("src/**", "!src/**/*.md"))
        #expect(trigger.matches(changedPaths: ["src/app.swift"]))
        #expect(trigger.matches(changedPaths: ["README.md", "src/a/b.swift"]))
        #expect(!trigger.matches(changedPaths: ["src/docs/a.md", "README.md"]))
        #expect(!trigger.matches(changedPaths: []))
        #expect(trigger.matches(changedPaths: nil))
        #expect(trigger.matches(ref: "refs/heads/x", changedPaths: ["src/a.swift"]))
        #expect(!trigger.matches(ref: "refs/heads/x", changedPaths: ["other"]))
        // Path filters are not evaluated for tag pushes.
        #expect(trigger.matches(ref: "refs/tags/v1", changedPaths: ["other"]))

        let ignored = push(paths: ignore("docs/**", "**.md"))
        #expect(!ignored.matches(changedPaths: ["docs/a.txt", "README.md"]))
        #expect(ignored.matches(changedPaths: ["docs/a.txt", "src/main.swift"]))
        #expect(!ignored.matches(changedPaths: []))
    }

    @Test func parsedSingleStringFilters() throws {
        let yaml = "on:\n  push:\n    branches: main\n    paths: 'src/**'\njobs:\n\(okJob)\n"
        let push = try #require(try WorkflowParser.parse(yaml, path: "w.yml").on.push)
        #expect(push.branches?.patterns == ["main"])
        #expect(push.matches(ref: "refs/heads/main", changedPaths: ["src/x"]))
        #expect(!push.matches(ref: "refs/tags/v1", changedPaths: ["src/x"]))
    }
}
