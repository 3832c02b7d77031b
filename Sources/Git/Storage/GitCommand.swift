import Foundation

/// Runs Debian's `git` for the room's own bookkeeping (never user code): with no user or system configuration, its
/// output collected on a thread of its own so no caller's thread waits.
enum GitCommand {
    /// What a git command printed, and how it ended.
    struct Result: Sendable {
        var status: Int32
        var output: [UInt8]
        var errors: String

        var text: String { String(decoding: output, as: UTF8.self) }
    }

    static let executable = "/usr/bin/git"

    /// The environment every git Slipway runs gets: no configuration but the repository's own, no prompts.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C",
        ]
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// Runs `git arguments` (or another of the room's tools) in `directory`.
    static func run(
        _ arguments: [String], in directory: URL? = nil, environment extra: [String: String] = [:], executable: String = GitCommand.executable
    ) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment(extra)
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let group = DispatchGroup()
                nonisolated(unsafe) var errorBytes = Data()
                group.enter()
                DispatchQueue.global().async {
                    errorBytes = errors.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                let outputBytes = output.fileHandleForReading.readDataToEndOfFile()
                group.wait()
                process.waitUntilExit()
                continuation.resume(returning: Result(status: process.terminationStatus, output: Array(outputBytes), errors: String(decoding: errorBytes, as: UTF8.self)))
            }
        }
    }
}
