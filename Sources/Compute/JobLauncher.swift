/// Where a job's sandbox runs: on this machine, or submitted to a Ray cluster; the same spec either way.
public protocol JobLauncher: Sendable {
    /// Starts `spec`; `output` hears each line it writes, `exited` its exit status once.
    func launch(_ spec: SandboxSpec, label: String, output: @escaping @Sendable (String) -> Void, exited: @escaping @Sendable (Int32) -> Void) throws -> any RunningWork
}

/// Work a launcher started, which can be stopped (every process of it ends).
public protocol RunningWork: Sendable {
    func stop()
}

extension SandboxedProcess: RunningWork {}

extension Sandbox: JobLauncher {
    public func launch(_ spec: SandboxSpec, label: String, output: @escaping @Sendable (String) -> Void, exited: @escaping @Sendable (Int32) -> Void) throws -> any RunningWork {
        try launch(spec, output: output, exited: exited)
    }
}
