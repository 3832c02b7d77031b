import Foundation
import Testing
import Git
@testable import Workflows

/// What steps tell the runner: file commands, workflow commands, masks and shells.
@Suite struct RunnerCommandsTests {
    @Test func fileCommandsReadPairsAndDelimitedBlocks() throws {
        let text = "version=1.2\nNOTES<<EOF\nfirst\nsecond\nEOF\nempty=\nversion=1.3\n"
        let pairs = try FileCommands.pairs(text, command: "output")
        #expect(pairs.map(\.0) == ["version", "NOTES", "empty", "version"])
        #expect(pairs.map(\.1) == ["1.2", "first\nsecond", "", "1.3"])
        #expect(try FileCommands.pairs("a=b=c\r\n", command: "env").map(\.1) == ["b=c"])
        #expect(throws: FileCommands.Invalid.self) { try FileCommands.pairs("no separator\n", command: "output") }
        let unclosed = #expect(throws: FileCommands.Invalid.self) { try FileCommands.pairs("X<<END\nvalue\n", command: "env") }
        #expect(unclosed?.description == "Unable to process file command 'env' successfully. Matching delimiter not found 'END'")
        #expect(FileCommands.paths("/opt/a\n\n  /opt/b \n") == ["/opt/a", "/opt/b"])
    }

    @Test func workflowCommandsAreParsedWithTheirEscapes() {
        let mask = WorkflowCommand(line: "::add-mask::s3cr%25et")
        #expect(mask?.name == "add-mask" && mask?.message == "s3cr%et")
        let error = WorkflowCommand(line: "  ::error file=app.py,line=3,title=Bad%3A thing::Broke%0Adown")
        #expect(error?.name == "error" && error?.properties == ["file": "app.py", "line": "3", "title": "Bad: thing"] && error?.message == "Broke\ndown")
        #expect(WorkflowCommand(line: "::set-output name=x::1")?.properties["name"] == "x")
        #expect(WorkflowCommand(line: "plain text") == nil)
        #expect(WorkflowCommand(line: "::not closed") == nil)
        #expect(WorkflowCommand(line: ":: spaced::x") == nil)
    }

    @Test func maskingHidesEveryLineOfAValueLongestFirst() {
        let masker = LogMasker()
        masker.add("abc")
        masker.add("abcdef")
        masker.add("x")
        masker.add("line one\nline two")
        #expect(masker.mask("abcdef and abc and x") == "*** and *** and x")
        #expect(masker.mask("saw line two here") == "saw *** here")
    }

    @Test func shellsFollowGitHubsCommandLines() throws {
        #expect(try StepShell.resolve(nil).command(script: "/t/s.sh") == ["/usr/bin/bash", "-e", "/t/s.sh"])
        #expect(try StepShell.resolve("bash").command(script: "/t/s.sh") == ["/usr/bin/bash", "--noprofile", "--norc", "-eo", "pipefail", "/t/s.sh"])
        #expect(try StepShell.resolve("sh").display == "/usr/bin/sh -e {0}")
        #expect(try StepShell.resolve("python").fileExtension == ".py")
        #expect(try StepShell.resolve("perl {0} --flag").command(script: "/t/s.sh") == ["perl", "/t/s.sh", "--flag"])
        #expect(try StepShell.resolve("bash -x").command(script: "/t/s.sh") == ["bash", "-x", "/t/s.sh"])
        #expect(throws: StepFailure.self) { try StepShell.resolve("pwsh") }
    }

    @Test func jobDirectoriesMapSandboxPathsAndRefuseLinksOut() throws {
        let host = FileManager.default.temporaryDirectory.appendingPathComponent("wf-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: host) }
        let directories = JobDirectories(host: host, repositoryName: "demo")
        try directories.create()
        #expect(directories.workspace == JobDirectories.workRoot + "/demo/demo" && JobDirectories.workRoot.hasPrefix("/home/runner"))
        #expect(directories.hostURL("/home/runner/_temp/x")?.path == host.path + "/runner/_temp/x")
        #expect(directories.hostURL("/etc/passwd") == nil && directories.hostURL("/home/runner/../x") == nil)
        let file = try #require(directories.hostURL("/home/runner/_temp/out"))
        try Data("ok".utf8).write(to: file)
        #expect(directories.read("/home/runner/_temp/out") == "ok")
        let link = try #require(directories.hostURL("/home/runner/_temp/link"))
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/etc/hostname")
        #expect(directories.read("/home/runner/_temp/link") == nil)
        let linkedDirectory = try #require(directories.hostURL("/home/runner/_temp/etc"))
        try FileManager.default.createSymbolicLink(atPath: linkedDirectory.path, withDestinationPath: "/etc")
        #expect(directories.read("/home/runner/_temp/etc/hostname") == nil)

        // The runner writes only real files inside the home: never through a link a step planted, never over a file.
        let outside = host.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        let planted = try #require(directories.hostURL("/home/runner/_temp/planted"))
        try FileManager.default.createSymbolicLink(atPath: planted.path, withDestinationPath: outside.path)
        #expect(throws: StepFailure.self) { try directories.create("/home/runner/_temp/planted/script.sh", contents: Array("x".utf8)) }
        #expect(throws: StepFailure.self) { try directories.makeDirectory("/home/runner/_temp/planted/deeper") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
        try directories.create("/home/runner/_temp/new.sh", contents: Array("echo".utf8))
        #expect(directories.read("/home/runner/_temp/new.sh") == "echo")
        #expect(throws: StepFailure.self) { try directories.create("/home/runner/_temp/new.sh", contents: []) }
        #expect(throws: StepFailure.self) { try directories.create("/home/runner/_temp/link", contents: []) }
        let copied = host.appendingPathComponent("copied")
        #expect(try directories.copyOut("/home/runner/_temp/new.sh", to: copied, limit: 10))
        #expect(try !directories.copyOut("/home/runner/_temp/link", to: copied, limit: 10))
    }

    @Test func dispatchInputsAreCheckedAgainstTheirDeclarations() throws {
        let declared = [
            WorkflowInputDefinition(id: "greeting", required: true),
            WorkflowInputDefinition(id: "loud", defaultValue: .bool(false), type: .boolean),
            WorkflowInputDefinition(id: "level", defaultValue: .string("low"), type: .choice, options: ["low", "high"]),
            WorkflowInputDefinition(id: "count", type: .number),
        ]
        #expect(try ActionsRoutes.checkedInputs(["greeting": "hi"], declared: declared) == ["greeting": "hi", "loud": "false", "level": "low", "count": ""])
        #expect(try ActionsRoutes.checkedInputs(["greeting": "hi", "count": "2.5", "loud": "true"], declared: declared)["count"] == "2.5")
        for (given, message) in [
            ([String: String](), "Required input 'greeting' not provided"),
            (["greeting": "hi", "other": "x", "another": "y"], "Unexpected inputs provided: [\"another\", \"other\"]"),
            (["greeting": "hi", "level": "max"], "Provided value 'max' for input 'level' not in the list of allowed values"),
            (["greeting": "hi", "count": "many"], "Provided value 'many' for input 'count' is not a valid number"),
        ] {
            let error = #expect(throws: (any Error).self) { try ActionsRoutes.checkedInputs(given, declared: declared) }
            #expect((error as? Git.ForgeError)?.message == message)
        }
    }
}
