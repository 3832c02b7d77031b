import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A running sandbox: its output read line by line, its exit reported once, and `stop()` ending every process in
/// it (the sandbox's PID namespace dies with its first process).
public final class SandboxedProcess: Sendable {
    private let state = Mutex<(pid: Int32, running: Bool)>((0, true))

    /// The host process id of the sandbox (bubblewrap's outer process).
    public var pid: Int32 { state.withLock { $0.pid } }

    static func start(
        executable: String, arguments: [String], environment: [String: String],
        output: @escaping @Sendable (String) -> Void, exited: @escaping @Sendable (Int32) -> Void
    ) throws -> SandboxedProcess {
        let sandboxed = SandboxedProcess()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        sandboxed.state.withLock { $0.pid = process.processIdentifier }
        let reader = pipe.fileHandleForReading
        // The exit is reported once every line is read: the sandbox's processes die with it, so its output ends too.
        // (Foundation's `terminationHandler` is not relied on: it does not always fire here.)
        let thread = Thread {
            Self.readLines(reader, into: output)
            process.waitUntilExit()
            sandboxed.state.withLock { $0.running = false }
            exited(process.terminationStatus)
        }
        thread.name = "sandbox-output"
        thread.start()
        // The pipe's write end belongs to the child now.
        try? pipe.fileHandleForWriting.close()
        return sandboxed
    }

    /// Kills the sandbox and everything in it.
    public func stop() {
        let (pid, running) = state.withLock { ($0.pid, $0.running) }
        if pid > 0, running { kill(pid, SIGKILL) }
    }

    /// The most memory the sandboxed program has held, in KiB (`VmHWM` of the sandbox's deepest process), when known.
    public func peakMemoryKiB() -> Int? {
        var pid = self.pid
        guard pid > 0 else { return nil }
        // bwrap → its PID-namespace init → the program (setpriv and prlimit exec into it): follow the only children.
        for _ in 0..<2 {
            guard let children = try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8),
                  let child = children.split(separator: " ").first.flatMap({ Int32($0) })
            else { break }
            pid = child
        }
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Int($0) }
    }

    /// The longest line passed on whole.
    static let maxLineBytes = 64 * 1024

    private static func readLines(_ handle: FileHandle, into output: @Sendable (String) -> Void) {
        var pending: [UInt8] = []
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                output(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
            // Output that never ends its line is passed on in pieces, so it cannot fill the server's memory.
            while pending.count >= maxLineBytes {
                output(String(decoding: pending[..<maxLineBytes], as: UTF8.self))
                pending.removeSubrange(..<maxLineBytes)
            }
        }
        if !pending.isEmpty { output(String(decoding: pending, as: UTF8.self)) }
        try? handle.close()
    }
}
