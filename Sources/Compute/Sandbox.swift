import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The local executor: runs user code (functions now; jobs, model servers and workflow steps later) in bubblewrap
/// sandboxes — private mount, PID, IPC and UTS namespaces, a read-only system root and nothing of the data directory
/// but what a spec mounts, an unprivileged user with no capabilities, a clean environment and resource limits.
/// Where a sandbox cannot be made it refuses to run anything, and says why.
public final class Sandbox: Sendable {
    /// Why user code cannot run on this machine.
    public struct Unavailable: Error, Sendable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// The first of the host user ids sandboxes run as when the server is root; each sandbox takes the next of
    /// `uidCount`, so concurrent sandboxes never share a user.
    public static let defaultFirstUID: UInt32 = 910_000
    public static let uidCount: UInt32 = 4_096

    private let bwrap: String?
    private let isRoot: Bool
    private let firstUID: UInt32
    private let nextUID = Atomic<UInt32>(0)
    private let probe = Mutex<Result<Void, Unavailable>?>(nil)
    private let system: [SandboxCommand.SystemEntry]

    /// `bwrap`: the bubblewrap program, found on `PATH` when nil.
    public init(bwrap: String? = nil, firstUID: UInt32 = Sandbox.defaultFirstUID) {
        self.bwrap = bwrap ?? Self.find("bwrap")
        self.isRoot = geteuid() == 0
        self.firstUID = firstUID
        self.system = Self.systemEntries(SandboxCommand.systemPaths)
    }

    /// The command a sandbox for `spec` runs as, or why none can be made. The user it runs as is taken here.
    public func command(for spec: SandboxSpec) throws -> (executable: String, arguments: [String], uid: UInt32?) {
        try checkAvailable()
        guard let bwrap else { throw Unavailable(reason: Self.missingReason) }
        let uid = isRoot ? firstUID + nextUID.wrappingAdd(1, ordering: .relaxed).oldValue % Self.uidCount : nil
        let builder = SandboxCommand(bwrap: bwrap, system: system, identity: uid.map { .hostUser(uid: $0) } ?? .userNamespace)
        return (bwrap, builder.arguments(for: spec), uid)
    }

    /// Starts `spec` in a new sandbox. Writable mounts are given to the sandbox's user first. `output` gets every line
    /// the process writes (stdout and stderr), `exited` its exit status once; stopping the returned process ends
    /// every process of the sandbox.
    public func launch(_ spec: SandboxSpec, output: @escaping @Sendable (String) -> Void, exited: @escaping @Sendable (Int32) -> Void) throws -> SandboxedProcess {
        let command = try prepare(spec)
        return try SandboxedProcess.start(
            executable: command.executable, arguments: command.arguments, environment: SandboxCommand.processEnvironment(for: spec), output: output, exited: exited
        )
    }

    /// The command a sandbox for `spec` runs as, its writable mounts given to the sandbox's user: what to run, here or
    /// on a cluster's node that sees the same directories.
    public func prepare(_ spec: SandboxSpec) throws -> (executable: String, arguments: [String], uid: UInt32?) {
        let command = try command(for: spec)
        if let uid = command.uid {
            for case .writable(let host, _) in spec.mounts { try Self.giveTree(host, to: uid) }
        }
        return command
    }

    /// Throws `Unavailable` unless a sandbox can be made here (checked once, by making one).
    public func checkAvailable() throws {
        if let known = probe.withLock({ $0 }) { return try known.get() }
        let result = Self.probe(bwrap: bwrap, system: system, uid: isRoot ? firstUID + Self.uidCount - 1 : nil)
        probe.withLock { $0 = result }
        try result.get()
    }

    static let missingReason = "User code runs only in a bubblewrap sandbox, and bwrap is not installed on this machine (Debian package bubblewrap)."

    private static func probe(bwrap: String?, system: [SandboxCommand.SystemEntry], uid: UInt32?) -> Result<Void, Unavailable> {
        guard let bwrap else { return .failure(Unavailable(reason: missingReason)) }
        let builder = SandboxCommand(bwrap: bwrap, system: system, identity: uid.map { .hostUser(uid: $0) } ?? .userNamespace)
        let spec = SandboxSpec(command: ["/bin/sh", "-c", "test \"$(id -u)\" != 0"], environment: ["PATH": "/usr/bin:/bin"], workingDirectory: "/")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: bwrap)
        process.arguments = builder.arguments(for: spec)
        process.environment = spec.environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            return .failure(Unavailable(reason: "User code runs only in a bubblewrap sandbox, and \(bwrap) could not be started: \(error)"))
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let why = message.isEmpty ? "exit status \(process.terminationStatus)" : message
            return .failure(Unavailable(reason: "User code runs only in a bubblewrap sandbox, and this machine cannot make one (\(why)); Slipway needs unprivileged user namespaces or to run as root."))
        }
        return .success(())
    }

    /// The system root: each path that exists, as a directory, file or link.
    static func systemEntries(_ paths: [String]) -> [SandboxCommand.SystemEntry] {
        let manager = FileManager.default
        return paths.compactMap { path in
            if let target = try? manager.destinationOfSymbolicLink(atPath: path) { return .link(path, target: target) }
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
            return isDirectory.boolValue ? .directory(path) : .file(path)
        }
    }

    static func find(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in (path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"]) where !directory.isEmpty {
            let candidate = directory + "/" + program
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Makes a writable directory tree the sandbox user's (never following links out of it).
    static func giveTree(_ root: String, to uid: UInt32, group: UInt32? = nil) throws {
        let gid = group ?? uid
        guard lchown(root, uid, gid) == 0 else { throw Unavailable(reason: "Could not prepare \(root) for the sandbox (errno \(errno)).") }
        guard let walker = FileManager.default.enumerator(atPath: root) else { return }
        for case let relative as String in walker {
            _ = lchown(root + "/" + relative, uid, gid)
        }
    }
}
