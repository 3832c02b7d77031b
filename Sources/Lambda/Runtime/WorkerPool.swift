import Foundation

/// The live workers: warm ones kept per configuration and reused newest first, at most `maxWorkers` processes in all
/// and at most a function's reserved concurrency for it; idle ones stopped after `idleTimeout`.
actor WorkerPool {
    private var idle: [String: [Worker]] = [:]
    private var liveByFunction: [String: Int] = [:]
    private var live: [String: Worker] = [:]
    /// Busy workers whose configuration changed: stopped when their invocation ends.
    private var retiring: Set<String> = []
    private var reaper: Task<Void, Never>?
    let maxWorkers: Int
    let idleTimeout: Duration
    /// Workers are retired before their credentials (an hour) run out.
    let maxAge: TimeInterval = 45 * 60

    init(maxWorkers: Int, idleTimeout: Duration) {
        self.maxWorkers = maxWorkers
        self.idleTimeout = idleTimeout
    }

    /// A warm worker for `function`, or nil when a new one may start: the slot is then reserved and the caller
    /// must `register` or `cancelReservation`. Throws TooManyRequests when no slot is free.
    func acquire(_ function: FunctionRecord) throws -> Worker? {
        startReaperIfNeeded()
        while var warm = idle[function.workerKey], let worker = warm.popLast() {
            idle[function.workerKey] = warm
            if !worker.isStopped, Date().timeIntervalSince(worker.started) < maxAge { return worker }
            forget(worker)
            worker.stop()
        }
        let arn = function.unqualifiedARN
        let limit = function.reservedConcurrency ?? maxWorkers
        if (liveByFunction[arn] ?? 0) >= limit {
            if let evicted = oldestIdle(function: arn) { forget(evicted); evicted.stop() } else {
                throw LambdaError.tooManyRequests("Rate Exceeded.")
            }
        }
        if reservedCount() >= maxWorkers {
            guard let evicted = oldestIdle(function: nil) else { throw LambdaError.tooManyRequests("Rate Exceeded.") }
            forget(evicted)
            evicted.stop()
        }
        liveByFunction[arn, default: 0] += 1
        return nil
    }

    private func reservedCount() -> Int { liveByFunction.values.reduce(0, +) }

    func register(_ worker: Worker) {
        live[worker.token] = worker
    }

    /// Drops a worker that never started; its slot is given back with `cancelReservation`.
    func unregister(_ worker: Worker) {
        live.removeValue(forKey: worker.token)
    }

    func cancelReservation(_ function: FunctionRecord) {
        liveByFunction[function.unqualifiedARN, default: 1] -= 1
    }

    /// Takes a worker back after an invocation; a stopped one frees its slot.
    func release(_ worker: Worker) {
        if worker.isStopped || retiring.remove(worker.token) != nil {
            forget(worker)
            worker.stop()
            return
        }
        idle[worker.key, default: []].append(worker)
    }

    /// Stops the workers of a function (or of one of its versions): its code or configuration changed, or it was
    /// deleted. Idle ones stop now; busy ones finish their invocation first, as on Lambda.
    func retire(functionARN: String, version: String? = nil) {
        let idleTokens = Set(idle.values.joined().map(\.token))
        for worker in live.values where worker.function.unqualifiedARN == functionARN && (version == nil || worker.function.version == version) {
            if idleTokens.contains(worker.token) {
                forget(worker)
                worker.stop()
            } else {
                retiring.insert(worker.token)
            }
        }
    }

    func stopAll() {
        for worker in live.values { worker.stop() }
        live.removeAll()
        idle.removeAll()
        liveByFunction.removeAll()
        reaper?.cancel()
    }

    func worker(token: String) -> Worker? { live[token] }

    var liveCount: Int { live.count }

    private func forget(_ worker: Worker) {
        retiring.remove(worker.token)
        guard live.removeValue(forKey: worker.token) != nil else { return }
        liveByFunction[worker.function.unqualifiedARN, default: 1] -= 1
        if var warm = idle[worker.key] {
            warm.removeAll { $0 === worker }
            idle[worker.key] = warm.isEmpty ? nil : warm
        }
    }

    private func oldestIdle(function: String?) -> Worker? {
        idle.values.joined().filter { function == nil || $0.function.unqualifiedARN == function }.min { $0.lastUsed < $1.lastUsed }
    }

    private func startReaperIfNeeded() {
        guard reaper == nil else { return }
        let interval = min(idleTimeout / 2, .seconds(5))
        reaper = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await self?.reap()
            }
        }
    }

    /// Stops idle workers unused for `idleTimeout` or older than `maxAge`.
    func reap() {
        let seconds = Double(idleTimeout.components.seconds) + Double(idleTimeout.components.attoseconds) / 1e18
        let now = Date()
        for worker in idle.values.joined() where now.timeIntervalSince(worker.lastUsed) >= seconds || now.timeIntervalSince(worker.started) >= maxAge {
            forget(worker)
            worker.stop()
        }
        for worker in live.values where worker.isStopped && worker.invocationCount == 0 && now.timeIntervalSince(worker.started) > 60 {
            forget(worker)
        }
    }
}
