import Compute
import Foundation
import Synchronization

/// A Python process serving one function configuration through the Runtime API, one invocation at a time. The
/// Runtime API endpoints reach it by its token; the pool hands it invocations.
final class Worker: Sendable {
    let token: String
    let key: String
    let function: FunctionRecord
    let started: Date
    private let state = Mutex(State())
    private let logs: FunctionLogs

    private struct State {
        var process: SandboxedProcess?
        var stopped = false
        var waitingNext: CheckedContinuation<RuntimeInvocation?, Never>?
        var queued: RuntimeInvocation?
        var currentID: String?
        var current: CheckedContinuation<RuntimeOutcome, Never>?
        var output: [String] = []
        var finishedLogs: Set<String> = []
        var logWaiter: (id: String, continuation: CheckedContinuation<Void, Never>)?
        var lastUsed = Date()
        var invocations = 0
    }

    /// The worker's log stream in the function's log group.
    let logStream: String

    init(token: String, function: FunctionRecord, logs: FunctionLogs) {
        self.token = token
        self.logStream = FunctionLogs.stream(of: function, worker: token)
        self.key = function.workerKey
        self.function = function
        self.logs = logs
        self.started = Date()
    }

    var isStopped: Bool { state.withLock { $0.stopped } }
    var lastUsed: Date { state.withLock { $0.lastUsed } }
    var invocationCount: Int { state.withLock { $0.invocations } }

    /// Starts the worker's sandbox; its output is read line by line into the function's log.
    func start(_ spec: SandboxSpec, in sandbox: Sandbox) throws {
        let process = try sandbox.launch(spec, output: { [weak self] line in self?.received(line) }, exited: { [weak self] status in self?.exited(status: status) })
        state.withLock { $0.process = process }
    }

    private func received(_ line: String) {
        if line.hasPrefix(PythonBootstrap.endMarker) {
            let id = String(line.dropFirst(PythonBootstrap.endMarker.count))
            let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.finishedLogs.insert(id)
                guard let waiter = state.logWaiter, waiter.id == id else { return nil }
                state.logWaiter = nil
                return waiter.continuation
            }
            waiter?.resume()
            return
        }
        state.withLock { $0.output.append(line) }
        logs.append([line], function: function, stream: logStream)
    }

    /// Runs one invocation to its outcome. The caller enforces the deadline with `timeOut`.
    func run(_ invocation: RuntimeInvocation) async -> RuntimeOutcome {
        await withCheckedContinuation { (continuation: CheckedContinuation<RuntimeOutcome, Never>) in
            let (stopped, next) = state.withLock { state -> (Bool, CheckedContinuation<RuntimeInvocation?, Never>?) in
                if state.stopped { return (true, nil) }
                state.currentID = invocation.requestID
                state.current = continuation
                state.invocations += 1
                if let waiting = state.waitingNext {
                    state.waitingNext = nil
                    return (false, waiting)
                }
                state.queued = invocation
                return (false, nil)
            }
            if stopped { continuation.resume(returning: .exited(status: -1)) }
            next?.resume(returning: invocation)
        }
    }

    /// `GET /invocation/next`: the invocation assigned to this worker, as soon as there is one; nil once stopped.
    func next() async -> RuntimeInvocation? {
        await withCheckedContinuation { (continuation: CheckedContinuation<RuntimeInvocation?, Never>) in
            let ready = state.withLock { state -> (RuntimeInvocation?, Bool) in
                if state.stopped { return (nil, true) }
                if let queued = state.queued {
                    state.queued = nil
                    return (queued, true)
                }
                state.waitingNext?.resume(returning: nil)
                state.waitingNext = continuation
                return (nil, false)
            }
            if ready.1 { continuation.resume(returning: ready.0) }
        }
    }

    /// `/response`, `/error`: ends the current invocation; false when `requestID` is not the current one.
    @discardableResult
    func finish(_ requestID: String, _ outcome: RuntimeOutcome) -> Bool {
        let waiter = state.withLock { state -> CheckedContinuation<RuntimeOutcome, Never>? in
            guard state.currentID == requestID, let current = state.current else { return nil }
            state.current = nil
            state.currentID = nil
            state.lastUsed = Date()
            return current
        }
        waiter?.resume(returning: outcome)
        return waiter != nil
    }

    /// `/init/error`: the handler could not be loaded; the current invocation (if any) gets the error.
    func initFailed(type: String, document: [UInt8]) {
        let waiter = state.withLock { state -> CheckedContinuation<RuntimeOutcome, Never>? in
            let current = state.current
            state.current = nil
            state.currentID = nil
            state.stopped = true
            return current
        }
        waiter?.resume(returning: .initError(type: type, document: document))
    }

    /// The deadline of `requestID` passed: it ends timed out and the process is killed.
    func timeOut(_ requestID: String) {
        let waiter = state.withLock { state -> CheckedContinuation<RuntimeOutcome, Never>? in
            guard state.currentID == requestID, let current = state.current else { return nil }
            state.current = nil
            state.currentID = nil
            return current
        }
        guard let waiter else { return }
        stop()
        waiter.resume(returning: .timedOut)
    }

    /// Kills the process; whatever waits on it is released.
    func stop() {
        let process = state.withLock { state -> SandboxedProcess? in
            state.stopped = true
            return state.process
        }
        process?.stop()
        release(outcome: .exited(status: -9))
    }

    private func exited(status: Int32) {
        state.withLock { $0.stopped = true }
        release(outcome: .exited(status: status))
    }

    private func release(outcome: RuntimeOutcome) {
        let (current, next, logWaiter) = state.withLock { state in
            let taken = (state.current, state.waitingNext, state.logWaiter?.continuation)
            state.current = nil
            state.currentID = nil
            state.waitingNext = nil
            state.logWaiter = nil
            return taken
        }
        current?.resume(returning: outcome)
        next?.resume(returning: nil)
        logWaiter?.resume()
    }

    /// The output since the last call, once the bootstrap marked `requestID`'s output complete (or after `timeout`).
    func collectOutput(through requestID: String, timeout: Duration = .milliseconds(250)) async -> [String] {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state -> Bool in
                if state.stopped || state.finishedLogs.remove(requestID) != nil { return true }
                state.logWaiter = (requestID, continuation)
                return false
            }
            if done {
                continuation.resume()
            } else {
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.expireLogWaiter(requestID)
                }
            }
        }
        return state.withLock { state in
            state.finishedLogs.remove(requestID)
            let output = state.output
            state.output.removeAll(keepingCapacity: true)
            return output
        }
    }

    private func expireLogWaiter(_ requestID: String) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.logWaiter, waiter.id == requestID else { return nil }
            state.logWaiter = nil
            return waiter.continuation
        }
        waiter?.resume()
    }

    /// The most memory the function's process has held, in MB, when the system tells.
    func peakMemoryMB() -> Int? {
        state.withLock { $0.process }?.peakMemoryKiB().map { ($0 + 1023) / 1024 }
    }
}
