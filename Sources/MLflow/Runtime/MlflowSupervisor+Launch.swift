import Compute
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A launcher process: MLflow loading or loaded in its sandbox, waiting for (or serving) its assignment.
final class LauncherProcess: Sendable {
    /// Its state directory on the host (a spare's moves to the server's when a server takes it).
    private let location: Mutex<URL>
    let sockets: URL
    let process: any RunningWork
    let exited: Task<Int32, Never>
    let tail = Mutex<[String]>([])
    let hasEnded = Mutex(false)
    /// Where its output goes once it serves a server; lines before that are kept until then.
    private let sink = Mutex<(@Sendable (String) -> Void)?>(nil)
    private let early = Mutex<[String]>([])

    init(state: URL, sockets: URL, process: any RunningWork, exited: Task<Int32, Never>) {
        location = Mutex(state)
        self.sockets = sockets
        self.process = process
        self.exited = exited
    }

    var state: URL { location.withLock { $0 } }
    var pipe: URL { state.appendingPathComponent(MlflowLauncher.pipeName) }

    /// Moves its state directory to `target` (its sandbox keeps it mounted); false when it cannot be moved.
    func move(to target: URL) -> Bool {
        location.withLock { current in
            guard rename(current.path, target.path) == 0 else { return false }
            current = target
            return true
        }
    }

    func output(_ line: String) {
        tail.withLock { lines in
            lines.append(line)
            if lines.count > 10 { lines.removeFirst() }
        }
        if let sink = sink.withLock({ $0 }) {
            sink(line)
        } else {
            early.withLock { lines in
                lines.append(line)
                if lines.count > 50 { lines.removeFirst() }
            }
        }
    }

    /// Sends its output, from now on and what it wrote before, to `sink`.
    func attach(_ sink: @escaping @Sendable (String) -> Void) {
        let lines = early.withLock { lines in
            defer { lines = [] }
            return lines
        }
        lines.forEach(sink)
        self.sink.withLock { $0 = sink }
    }

    /// Hands the launcher its assignment through its named pipe, once it listens there.
    func assign(_ assignment: MlflowLauncher.Assignment, within timeout: Duration) async throws {
        var line = try JSONEncoder().encode(assignment)
        line.append(0x0A)
        let deadline = ContinuousClock.now + timeout
        while true {
            let descriptor = open(pipe.path, O_WRONLY | O_NONBLOCK)
            if descriptor >= 0 {
                defer { close(descriptor) }
                let flags = fcntl(descriptor, F_GETFL)
                _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
                let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
                guard written == line.count else { throw MlflowRuntimeError("Writing the MLflow server's assignment failed (errno \(errno)).") }
                return
            }
            let ended = hasEnded.withLock { $0 }
            guard errno == ENXIO, !ended, ContinuousClock.now < deadline else {
                throw MlflowRuntimeError(ended ? "The MLflow launcher ended before its assignment." : "The MLflow launcher did not load in time.")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}

extension MlflowSupervisor {
    /// Starts a launcher in its sandbox, its state in `state` and its socket in a short directory of its own.
    func startLauncher(environment: PythonEnvironments.Environment, state: URL) throws -> LauncherProcess {
        guard let endpoint = currentEndpoint() else { throw MlflowRuntimeError("The server is not listening yet.") }
        let manager = FileManager.default
        let script = try launcherScript()
        if !manager.fileExists(atPath: socketRoot.path) {
            try manager.createDirectory(at: socketRoot, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let sockets = socketRoot.appendingPathComponent(String(UUID().uuidString.prefix(12)).lowercased())
        try manager.createDirectory(at: state, withIntermediateDirectories: true)
        try manager.createDirectory(at: sockets, withIntermediateDirectories: true)
        let pipe = state.appendingPathComponent(MlflowLauncher.pipeName)
        try? manager.removeItem(at: pipe)
        guard mkfifo(pipe.path, 0o600) == 0 else { throw MlflowRuntimeError("Cannot make the MLflow launcher's pipe (errno \(errno)).") }
        try """
            [default]
            credential_process = /bin/cat \(Self.statePath)/credentials.json
            """.write(to: state.appendingPathComponent("aws-config"), atomically: true, encoding: .utf8)
        var variables = [
                "PATH": environment.prefix + "/bin:/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1",
                "PYTHONDONTWRITEBYTECODE": "1", "MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true", "MLFLOW_SERVER_ENABLE_JOB_EXECUTION": "false",
                "AWS_ENDPOINT_URL": "http://\(endpoint)", "MLFLOW_S3_ENDPOINT_URL": "http://\(endpoint)", "AWS_CONFIG_FILE": Self.statePath + "/aws-config",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_EC2_METADATA_DISABLED": "true",
        ]
        if let database = backends.sqlitePath(statePath: Self.statePath) { variables["SLIPWAY_MLFLOW_SQLITE"] = database }
        let spec = SandboxSpec(
            command: [environment.prefix + "/bin/python", MlflowLauncher.scriptPath, Self.statePath + "/" + MlflowLauncher.pipeName],
            environment: variables,
            workingDirectory: Self.statePath,
            mounts: [
                .readOnly(host: environment.prefix, at: environment.prefix), .readOnly(host: script.path, at: MlflowLauncher.scriptPath),
                .writable(host: state.path, at: Self.statePath), .writable(host: sockets.path, at: Self.socketPath), .scratch(at: "/tmp", bytes: 1 << 30),
            ] + environment.interpreter.sandboxMounts,
            limits: SandboxLimits(openFiles: 4096, processes: 512)
        )
        let (exits, continuation) = AsyncStream<Int32>.makeStream()
        let box = Mutex<LauncherProcess?>(nil)
        let early = Mutex<[String]>([])
        let process = try sandbox.launch(spec, output: { line in
            if let launcher = box.withLock({ $0 }) {
                launcher.output(line)
            } else {
                early.withLock { $0.append(line) }
            }
        }, exited: { status in
            box.withLock { $0 }?.hasEnded.withLock { $0 = true }
            continuation.yield(status)
            continuation.finish()
        })
        let exited = Task<Int32, Never> {
            for await status in exits { return status }
            return -1
        }
        let launcher = LauncherProcess(state: state, sockets: sockets, process: process, exited: exited)
        box.withLock { $0 = launcher }
        early.withLock { lines in lines.forEach(launcher.output) }
        return launcher
    }

    /// The launcher of a new server: the version's spare (MLflow already loaded; its state directory becomes the
    /// server's), or a new one; a restarted server's keeps its state directory.
    func launcher(for record: MlflowServerRecord, environment: PythonEnvironments.Environment) throws -> LauncherProcess {
        let state = root.appendingPathComponent(record.id)
        if !FileManager.default.fileExists(atPath: state.path), let spare = takeSpare(record.mlflowVersion) {
            if spare.move(to: state) { return spare }
            spare.process.stop()
        }
        return try startLauncher(environment: environment, state: state)
    }

    /// Starts a spare launcher for `version` when none waits, so the next new server starts at once.
    func replenish(_ version: String, environment: PythonEnvironments.Environment) {
        guard !hasSpare(version), !isShutDown() else { return }
        let state = root.appendingPathComponent(".spares").appendingPathComponent(UUID().uuidString.lowercased())
        guard let spare = try? startLauncher(environment: environment, state: state) else { return }
        guard keepSpare(spare, for: version) else {
            spare.process.stop()
            return
        }
        Task { [self] in
            _ = await spare.exited.value
            dropSpare(spare, for: version)
            try? FileManager.default.removeItem(at: spare.sockets)
            // A spare no server took leaves nothing behind; a taken one's directory is its server's now.
            if spare.state.path.hasPrefix(root.appendingPathComponent(".spares").path) { try? FileManager.default.removeItem(at: spare.state) }
        }
    }
}
