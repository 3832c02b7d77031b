import Compute
import Foundation
import Synchronization

extension StepExecution {
    /// Runs a sandbox to its end, stopping it at `limit` seconds or when the run is cancelled; returns its exit status
    /// and whether it was stopped for either reason.
    func launch(_ spec: SandboxSpec, limit: TimeInterval, output: @escaping @Sendable (String) -> Void) async throws -> (Int32, Bool, Bool) {
        let stopped = Mutex<(timedOut: Bool, cancelled: Bool)>((false, false))
        let started = Mutex<(any RunningWork)?>(nil)
        let cancelled = self.cancelled
        // Until the process ends, a cancel or the time limit stops it — also one that came before it was started.
        let watcher = Task {
            let end = Date().addingTimeInterval(max(limit, 0))
            while !Task.isCancelled {
                if cancelled() { stopped.withLock { $0.cancelled = true } }
                if Date() >= end { stopped.withLock { $0.timedOut = true } }
                if stopped.withLock({ $0.cancelled || $0.timedOut }) { started.withLock { $0 }?.stop() }
                try? await Task.sleep(for: .milliseconds(250))
            }
        }
        defer { watcher.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            do {
                let work = try environment.launcher.launch(spec, label: "workflow-step", output: output, exited: { continuation.resume(returning: $0) })
                started.withLock { $0 = work }
                if stopped.withLock({ $0.cancelled || $0.timedOut }) { work.stop() }
            } catch {
                continuation.resume(throwing: StepFailure("The step could not be started: \(error)"))
            }
        }
        let reason = stopped.withLock { $0 }
        return (status, reason.timedOut, reason.cancelled)
    }

    /// Applies what the step wrote to its file commands: outputs, variables for later steps, `PATH` additions and the
    /// summary. A malformed file fails the step as on GitHub.
    func applyFileCommands(_ files: StepFiles, scope: inout JobRunner.Scope) throws {
        var outputs = scope.pendingOutputs
        scope.pendingOutputs = [:]
        defer {
            if let id = step.id {
                let previous = scope.steps[id]
                var members: [String: ExpressionValue] = ["outputs": .object(outputs.mapValues { .string($0) })]
                if case .object(let old) = previous ?? .null {
                    for (key, value) in old where key != "outputs" { members[key] = value }
                }
                scope.steps[id] = .object(members)
            }
        }
        if let text = directories.read(files.output) {
            for (name, value) in try FileCommands.pairs(text, command: "output") { outputs[name] = value }
        }
        if let text = directories.read(files.env) {
            for (name, value) in try FileCommands.pairs(text, command: "env") {
                guard !["NODE_OPTIONS"].contains(name.uppercased()) else {
                    log.write("##[warning]Can't store \(name) output parameter using '$GITHUB_ENV' command.")
                    continue
                }
                scope.env[name] = value
            }
        }
        if let text = directories.read(files.path) {
            for directory in FileCommands.paths(text) { scope.paths.insert(directory, at: 0) }
        }
        if let text = directories.read(files.summary), !text.isEmpty {
            scope.summary += text.hasSuffix("\n") ? text : text + "\n"
        }
    }
}

/// Reads a step's output lines: workflow commands are applied (masks, annotations, groups, the old `set-output`),
/// everything else is logged as it is.
final class CommandReader: Sendable {
    let log: JobLog
    let masker: LogMasker
    private let state = Mutex<(outputs: [String: String], stopToken: String?)>(([:], nil))

    init(log: JobLog, masker: LogMasker) {
        self.log = log
        self.masker = masker
    }

    var outputs: [String: String] { state.withLock { $0.outputs } }

    func read(_ line: String) {
        if let token = state.withLock({ $0.stopToken }) {
            if line.trimmingCharacters(in: .whitespaces) == "::\(token)::" { state.withLock { $0.stopToken = nil } } else { log.write(line) }
            return
        }
        guard let command = WorkflowCommand(line: line) else {
            log.write(line)
            return
        }
        switch command.name {
        case "add-mask":
            masker.add(command.message)
        case "error", "warning", "notice":
            log.write("##[\(command.name)]\(command.message)")
        case "debug":
            break
        case "group":
            log.write("##[group]\(command.message)")
        case "endgroup":
            log.write("##[endgroup]")
        case "set-output":
            if let name = command.properties["name"] { state.withLock { $0.outputs[name] = command.message } }
            log.write("##[warning]The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files.")
        case "save-state", "echo":
            break
        case "stop-commands":
            state.withLock { $0.stopToken = command.message }
        default:
            log.write(line)
        }
    }
}
