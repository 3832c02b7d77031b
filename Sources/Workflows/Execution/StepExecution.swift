import Compute
import Foundation
import Synchronization

/// One step of a job, run: its `env` and script evaluated, the script written to the runner's temp directory and run
/// by its shell in a sandbox that sees only the runner's home (or a built-in action done), its output turned into
/// log lines and workflow commands, its file commands applied to the job afterwards.
struct StepExecution: Sendable {
    let runner: JobRunner
    let step: StepDefinition
    let number: Int
    let directories: JobDirectories
    let log: JobLog
    let masker: LogMasker
    let cancelled: @Sendable () -> Bool
    /// How deep inside composite actions the step is (0 for a job's own steps).
    var depth = 0

    var environment: RunnerEnvironment { runner.environment }

    /// Runs the step; returns its outcome (`success`, `failure` or `cancelled`) and leaves its effects in `scope`.
    func run(scope: inout JobRunner.Scope, limit: TimeInterval) async throws -> String {
        let files = StepFiles(directory: directories.fileCommands, step: number)
        try directories.makeDirectory(directories.fileCommands)
        for path in files.all { try directories.create(path, contents: []) }
        var variables = try stepEnvironment(scope: scope)
        let outcome: String
        if let uses = step.uses {
            let local = uses.hasPrefix("./")
            guard local || BuiltinAction(uses) != nil else { throw StepFailure(BuiltinAction.unsupportedMessage(uses)) }
            log.write("##[group]Run \(uses)")
            let evaluator = ExpressionEvaluator(context: scope.context())
            var inputs: [String: String] = [:]
            for (name, raw) in step.with.sorted(by: { $0.key < $1.key }) {
                inputs[name] = try evaluator.interpolate(raw)
                log.write("  \(name): \(inputs[name] ?? "")")
            }
            log.write("##[endgroup]")
            for (name, value) in inputs { variables["INPUT_" + name.uppercased().replacingOccurrences(of: " ", with: "_")] = value }
            if local {
                outcome = try await CompositeAction.run(self, reference: uses, inputs: inputs, scope: &scope, limit: limit, depth: depth)
            } else if let action = BuiltinAction(uses) {
                outcome = try await action.run(self, inputs: inputs, scope: &scope, variables: variables, files: files, limit: limit)
            } else {
                throw StepFailure(BuiltinAction.unsupportedMessage(uses))
            }
        } else {
            outcome = try await runScript(scope: &scope, variables: variables, files: files, limit: limit)
        }
        try applyFileCommands(files, scope: &scope)
        return outcome
    }

    /// The step's environment: the job's (with what earlier steps added), the step's own `env`, and GitHub's default
    /// variables over both.
    func stepEnvironment(scope: JobRunner.Scope) throws -> [String: String] {
        var variables = scope.env
        variables.merge(try runner.evaluatedEnvironment(step.env, scope: scope)) { _, step in step }
        return variables
    }

    /// The `PATH` steps see: what `GITHUB_PATH` added (latest first), then the system's.
    static func path(_ additions: [String]) -> String {
        (additions + ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]).joined(separator: ":")
    }

    func runScript(scope: inout JobRunner.Scope, variables: [String: String], files: StepFiles, limit: TimeInterval) async throws -> String {
        let context = scope.context()
        let evaluator = ExpressionEvaluator(context: context)
        let script = try evaluator.interpolate(step.run ?? "")
        let defaults = scope.assignment.definition.defaults ?? scope.assignment.workflow.defaults
        let shell = try StepShell.resolve(try step.shell.map { try evaluator.interpolate($0) } ?? defaults?.shell)
        var directory = directories.workspace
        if let relative = try (step.workingDirectory ?? defaults?.workingDirectory).map({ try evaluator.interpolate($0) }), !relative.isEmpty {
            directory = relative.hasPrefix("/") ? relative : directories.workspace + "/" + relative
        }
        log.write("##[group]Run " + (script.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""))
        log.write(script.split(separator: "\n", omittingEmptySubsequences: false).map { "\u{1B}[36;1m\($0)\u{1B}[0m" })
        log.write("shell: \(shell.display)")
        let stepVariables = try runner.evaluatedEnvironment(step.env, scope: scope)
        let shown = scope.env.merging(stepVariables) { _, step in step }
        if !shown.isEmpty {
            log.write("env:")
            log.write(shown.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" })
        }
        log.write("##[endgroup]")
        let scriptPath = "\(directories.temp)/\(UUID().uuidString.lowercased())\(shell.fileExtension)"
        try directories.makeDirectory(directories.temp)
        try directories.create(scriptPath, contents: Array(script.utf8))
        var command = shell.command(script: scriptPath)
        if command.first == "python" || command.first == "python3" {
            guard let interpreter = environment.runtimes.interpreters().first else {
                throw StepFailure("The shell 'python' needs a Python 3 interpreter, and none is installed on this runner.")
            }
            let found = scope.paths.lazy.map { $0 + "/python" }.first { directories.hostURL($0).map { FileManager.default.fileExists(atPath: $0.path) } ?? false }
            command[0] = found ?? interpreter.program
        }
        return try await execute(command, directory: directory, scope: &scope, variables: variables, files: files, limit: limit)
    }

    /// Runs `command` in the job's sandbox with the step's variables; returns the outcome.
    func execute(
        _ command: [String], directory: String, scope: inout JobRunner.Scope, variables: [String: String], files: StepFiles, limit: TimeInterval,
        extraMounts: [SandboxMount] = []
    ) async throws -> String {
        var environmentVariables = variables
        environmentVariables.merge(runner.defaultVariables(scope: scope, directories: directories, files: files, action: step.id ?? "__run_\(number)")) { _, fixed in fixed }
        environmentVariables["PATH"] = Self.path(scope.paths)
        environmentVariables["LANG"] = environmentVariables["LANG"] ?? "C.UTF-8"
        environmentVariables["AWS_ENDPOINT_URL"] = environmentVariables["AWS_ENDPOINT_URL"] ?? environment.serverURL
        environmentVariables["SAGEMAKER_MLFLOW_CUSTOM_ENDPOINT"] = environmentVariables["SAGEMAKER_MLFLOW_CUSTOM_ENDPOINT"] ?? environment.serverURL
        environmentVariables["AWS_DEFAULT_REGION"] = environmentVariables["AWS_DEFAULT_REGION"] ?? environment.region
        if let url = directories.hostURL(directory), !FileManager.default.fileExists(atPath: url.path) {
            throw StepFailure("An error occurred trying to start process '\(command.first ?? "")' with working directory '\(directory)'. No such file or directory")
        }
        let spec = SandboxSpec(
            command: command, environment: environmentVariables, workingDirectory: directory,
            mounts: [.writable(host: directories.runner.path, at: JobDirectories.home)] + environment.interpreterMounts + scope.containerMounts + extraMounts,
            limits: SandboxLimits(openFiles: 4096, processes: 4096)
        )
        let commands = CommandReader(log: log, masker: masker)
        let (status, timedOut, wasCancelled) = try await launch(spec, limit: limit, output: commands.read)
        scope.pendingOutputs.merge(commands.outputs) { _, new in new }
        if wasCancelled {
            log.write("##[error]The operation was canceled.")
            return "cancelled"
        }
        if timedOut {
            log.write("##[error]The action '\(step.displayName)' has timed out after \(JobRunner.format(limit / 60)) minutes.")
            return "failure"
        }
        if status != 0 {
            log.write("##[error]Process completed with exit code \(status).")
            return "failure"
        }
        return "success"
    }
}
