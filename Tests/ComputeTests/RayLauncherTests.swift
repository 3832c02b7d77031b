@testable import Compute
import Foundation
import Testing

@Suite("Ray launcher")
struct RayLauncherTests {
    @Test func theEntrypointIsTheSandboxCommandUnderACleanEnvironment() {
        let line = RayLauncher.entrypoint(
            executable: "/usr/bin/bwrap", arguments: ["--ro-bind", "/usr", "/usr", "--", "python3", "-c", "print('it''s')"],
            environment: ["B": "two words", "A": "x'y"]
        )
        #expect(line == #"exec /usr/bin/env -i 'A=x'\''y' 'B=two words' '/usr/bin/bwrap' '--ro-bind' '/usr' '/usr' '--' 'python3' '-c' 'print('\''it'\'''\''s'\'')'"#)
    }

    @Test func quotedWordsSurviveTheShell() throws {
        let word = "a'b\"c $HOME `x` \\ ;"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "printf %s " + RayLauncher.quoted(word)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(String(decoding: data, as: UTF8.self) == word)
    }
}
