import Crypto
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Builds each image profile's virtual environment once (`python3.X -m venv` and pip, itself in a sandbox, through a
/// pip cache of its own), keeps it by the hash of what it holds, and gives every job a private writable view of it:
/// a small virtual environment of the job's own whose site-packages come first and whose `.pth` adds the shared,
/// read-only one, so what a job installs never reaches another job.
public final class PythonEnvironments: Sendable {
    /// A built environment.
    public struct Environment: Sendable, Equatable {
        /// The virtual environment's directory (the same path inside sandboxes).
        public let prefix: String
        public let interpreter: PythonRuntimes.Interpreter
        /// Its site-packages directory.
        public var sitePackages: String { prefix + "/lib/python3.\(interpreter.minor)/site-packages" }
    }

    /// Why a profile's environment cannot be had.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Where environments are kept.
    public let root: URL
    /// The pip cache builds download through (the server user's own may be given, so nothing is downloaded twice).
    let pipCache: URL
    let sandbox: Sandbox
    let pythons: PythonRuntimes
    /// How long a build may take.
    let buildTimeout: Duration
    private let builds = Mutex<[String: Task<Environment, any Error>]>([:])
    /// Builds run one at a time: they share the pip cache.
    private let queue = Mutex<Task<Void, Never>?>(nil)

    /// `root`: where environments are kept (may be shared by several servers); `pipCache`: the pip cache builds use,
    /// `<root>/pip-cache` by default.
    public init(root: URL, pipCache: URL? = nil, sandbox: Sandbox, pythons: PythonRuntimes, buildTimeout: Duration = .seconds(1800)) {
        self.root = root
        self.pipCache = pipCache ?? root.appendingPathComponent("pip-cache")
        self.sandbox = sandbox
        self.pythons = pythons
        self.buildTimeout = buildTimeout
    }

    static func hash(_ key: String) -> String {
        SHA256.hash(data: Data(key.utf8)).prefix(10).map { String(format: "%02x", $0) }.joined()
    }

    /// The interpreter a profile runs on, or a failure naming what to install.
    public func interpreter(for profile: ImageProfile) throws -> PythonRuntimes.Interpreter {
        guard let minor = profile.minor, let interpreter = pythons.interpreters().first(where: { $0.minor == minor }) else {
            throw Failure(description: "ClientError: image profile \(profile.name) needs Python \(profile.python), which this machine does not have; install python\(profile.python) (and its venv module) on the server's PATH.")
        }
        return interpreter
    }

    /// The profile's environment, built first when it is not yet; `log` hears the build's output.
    public func environment(for profile: ImageProfile, log: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Environment {
        let interpreter = try interpreter(for: profile)
        let directory = root.appendingPathComponent(Self.hash(profile.key)).path
        let environment = Environment(prefix: directory, interpreter: interpreter)
        if Self.isReady(directory, key: profile.key) { return environment }
        let task = builds.withLock { running -> Task<Environment, any Error> in
            if let existing = running[directory] { return existing }
            let task = Task { [self] in
                defer { _ = builds.withLock { $0.removeValue(forKey: directory) } }
                try await serialized { try await self.build(profile, into: environment, log: log) }
                return environment
            }
            running[directory] = task
            return task
        }
        return try await task.value
    }

    static func isReady(_ directory: String, key: String) -> Bool {
        (try? String(contentsOfFile: directory + "/.slipway-ready", encoding: .utf8)) == key
    }

    private func serialized(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let (previous, done) = queue.withLock { state -> (Task<Void, Never>?, AsyncStream<Void>.Continuation) in
            let (stream, continuation) = AsyncStream<Void>.makeStream()
            let before = state
            state = Task { for await _ in stream {} }
            return (before, continuation)
        }
        defer { done.finish() }
        await previous?.value
        try await body()
    }

    private func build(_ profile: ImageProfile, into environment: Environment, log: @escaping @Sendable (String) -> Void) async throws {
        let manager = FileManager.default
        let directory = environment.prefix, cache = pipCache.path
        try manager.createDirectory(atPath: cache, withIntermediateDirectories: true)
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        var cacheOwner = stat()
        guard stat(cache, &cacheOwner) == 0 else { throw Failure(description: "InternalServerError: cannot read the pip cache \(cache) (errno \(errno))") }
        // Several servers may share the root: one builds, the others wait on its lock and find it ready.
        let lock = open(directory + ".lock", O_CREAT | O_RDWR, 0o600)
        guard lock >= 0 else { throw Failure(description: "InternalServerError: cannot lock \(directory).lock (errno \(errno))") }
        defer { close(lock) }
        while flock(lock, LOCK_EX | LOCK_NB) != 0 {
            try await Task.sleep(for: .milliseconds(200))
        }
        defer { flock(lock, LOCK_UN) }
        if Self.isReady(directory, key: profile.key) { return }
        try? manager.removeItem(atPath: directory)
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let python = environment.interpreter.program
        let script = """
            set -e
            "\(python)" -m venv --without-pip "\(directory)"
            "\(directory)/bin/python" -m ensurepip --upgrade --default-pip
            if [ "$#" -gt 0 ]; then "\(directory)/bin/python" -m pip install --no-input --disable-pip-version-check --progress-bar off "$@"; fi
            """
        var variables = [
            "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PIP_CACHE_DIR": cache, "PYTHONDONTWRITEBYTECODE": "1",
        ]
        // Where the server's pip finds packages, its jobs' environments find them too.
        for (name, value) in ProcessInfo.processInfo.environment where Self.passedPipSettings.contains(name) { variables[name] = value }
        let spec = SandboxSpec(
            command: ["/bin/sh", "-c", script, "sh"] + profile.packages, environment: variables, workingDirectory: "/tmp",
            mounts: [.writable(host: directory, at: directory), .writable(host: cache, at: cache), .scratch(at: "/tmp", bytes: 4 << 30)]
                + environment.interpreter.sandboxMounts,
            limits: SandboxLimits(openFiles: 4096, processes: 4096)
        )
        let tail = Mutex<[String]>([])
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            do {
                let process = try sandbox.launch(spec, output: { line in
                    log(line)
                    tail.withLock { lines in
                        lines.append(line)
                        if lines.count > 20 { lines.removeFirst() }
                    }
                }, exited: { continuation.resume(returning: $0) })
                let timeout = buildTimeout
                Task {
                    try? await Task.sleep(for: timeout)
                    process.stop()
                }
            } catch {
                continuation.resume(throwing: error)
            }
        }
        // What the build's sandbox user made becomes the server's again (read-only to jobs), the cache its owner's.
        if geteuid() == 0 {
            try? Sandbox.giveTree(directory, to: 0)
            try? Sandbox.giveTree(cache, to: cacheOwner.st_uid, group: cacheOwner.st_gid)
        }
        guard status == 0 else {
            try? manager.removeItem(atPath: directory)
            let last = tail.withLock { $0.suffix(5).joined(separator: " | ") }
            throw Failure(description: "ClientError: building the environment of image profile \(profile.name) failed (pip exited with status \(status)): \(last)")
        }
        guard manager.fileExists(atPath: directory + "/bin/python"), manager.fileExists(atPath: environment.sitePackages) else {
            try? manager.removeItem(atPath: directory)
            throw Failure(description: "InternalServerError: building the environment of image profile \(profile.name) left no environment at \(directory)")
        }
        try profile.key.write(toFile: directory + "/.slipway-ready", atomically: true, encoding: .utf8)
    }

    static let passedPipSettings: Set<String> = ["PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_TRUSTED_HOST", "PIP_CERT", "PIP_DEFAULT_TIMEOUT", "PIP_RETRIES"]

    /// A job's private view of a built environment, made under `directory` (which the job's sandbox gets writable at
    /// `at`): a virtual environment of its own on the same interpreter whose `.pth` adds the shared site-packages.
    public struct JobView: Sendable, Equatable {
        /// The mounts the job's sandbox needs: the shared environment read-only, the interpreter's installation.
        public let mounts: [SandboxMount]
        /// The job's interpreter inside the sandbox.
        public let python: String
        /// The directory to put first on the job's `PATH`.
        public let bin: String
    }

    public func jobView(of environment: Environment, in directory: URL, at path: String) throws -> JobView {
        let manager = FileManager.default
        let minor = environment.interpreter.minor
        let site = directory.appendingPathComponent("lib/python3.\(minor)/site-packages")
        let bin = directory.appendingPathComponent("bin")
        try manager.createDirectory(at: site, withIntermediateDirectories: true)
        try manager.createDirectory(at: bin, withIntermediateDirectories: true)
        let program = environment.interpreter.program
        try """
            home = \((program as NSString).deletingLastPathComponent)
            include-system-site-packages = false
            version = 3.\(minor)
            """.write(to: directory.appendingPathComponent("pyvenv.cfg"), atomically: true, encoding: .utf8)
        for name in ["python", "python3", "python3.\(minor)"] {
            try? manager.removeItem(at: bin.appendingPathComponent(name))
            try manager.createSymbolicLink(atPath: bin.appendingPathComponent(name).path, withDestinationPath: program)
        }
        try (environment.sitePackages + "\n").write(to: site.appendingPathComponent("_slipway_profile.pth"), atomically: true, encoding: .utf8)
        return JobView(
            mounts: [.readOnly(host: environment.prefix, at: environment.prefix)] + environment.interpreter.sandboxMounts,
            python: path + "/bin/python3", bin: path + "/bin"
        )
    }
}
