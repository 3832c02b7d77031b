/// One sandboxed process as a job describes it: the command, its environment, the file-system layout it sees and
/// the limits it runs under. Nothing of the host is visible unless a mount names it.
public struct SandboxSpec: Sendable, Equatable {
    /// The program and its arguments; the program's path is as the sandbox sees it.
    public var command: [String]
    /// The whole environment: nothing of the server's is inherited.
    public var environment: [String: String]
    /// The working directory inside the sandbox.
    public var workingDirectory: String
    /// What the sandbox sees besides the system's read-only directories.
    public var mounts: [SandboxMount]
    /// Resource limits, applied before the command starts.
    public var limits: SandboxLimits

    public init(command: [String], environment: [String: String], workingDirectory: String = "/tmp", mounts: [SandboxMount] = [], limits: SandboxLimits = SandboxLimits()) {
        self.command = command
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.mounts = mounts
        self.limits = limits
    }
}

/// A directory a sandbox sees.
public enum SandboxMount: Sendable, Equatable {
    /// A host directory or file, read-only, at `path` inside.
    case readOnly(host: String, at: String)
    /// A host directory the sandbox may write, at `path` inside; the executor makes it the sandbox user's.
    case writable(host: String, at: String)
    /// A fresh, private, size-bounded scratch directory (tmpfs) at `path`, gone when the sandbox ends.
    case scratch(at: String, bytes: Int)

    /// The path inside the sandbox.
    public var path: String {
        switch self {
        case .readOnly(_, let path), .writable(_, let path), .scratch(let path, _): return path
        }
    }
}

/// The `setrlimit` limits a sandboxed process and its children run under; nil leaves a limit as the host has it.
public struct SandboxLimits: Sendable, Equatable {
    /// Heap and private mappings (`RLIMIT_DATA`), in bytes.
    public var dataBytes: Int?
    /// Virtual address space (`RLIMIT_AS`), in bytes.
    public var addressSpaceBytes: Int?
    /// CPU time (`RLIMIT_CPU`), in seconds.
    public var cpuSeconds: Int?
    /// Open file descriptors (`RLIMIT_NOFILE`).
    public var openFiles: Int?
    /// Largest file it may write (`RLIMIT_FSIZE`), in bytes.
    public var fileSizeBytes: Int?
    /// Processes of the sandbox's user (`RLIMIT_NPROC`): bounds fork bombs.
    public var processes: Int?

    public init(dataBytes: Int? = nil, addressSpaceBytes: Int? = nil, cpuSeconds: Int? = nil, openFiles: Int? = 1024, fileSizeBytes: Int? = nil, processes: Int? = 512) {
        self.dataBytes = dataBytes
        self.addressSpaceBytes = addressSpaceBytes
        self.cpuSeconds = cpuSeconds
        self.openFiles = openFiles
        self.fileSizeBytes = fileSizeBytes
        self.processes = processes
    }

    /// `prlimit` options setting each limit (soft and hard alike, so the process cannot raise it back).
    var prlimitOptions: [String] {
        let pairs: [(String, Int?)] = [
            ("--data", dataBytes), ("--as", addressSpaceBytes), ("--cpu", cpuSeconds), ("--nofile", openFiles),
            ("--fsize", fileSizeBytes), ("--nproc", processes),
        ]
        return pairs.compactMap { option, value in value.map { "\(option)=\($0):\($0)" } }
    }
}
