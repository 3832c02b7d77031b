import Synchronization

/// What has been asked to stop while a run is driven: the whole run, or single jobs (a failed matrix sibling's).
final class CancellationFlags: Sendable {
    private let state = Mutex<(run: Bool, jobs: Set<Int>)>((false, []))

    func cancelRun() { state.withLock { $0.run = true } }

    func cancel(job: Int) { state.withLock { _ = $0.jobs.insert(job) } }

    var runCancelled: Bool { state.withLock { $0.run } }

    /// Whether job `id` should stop (its run or itself was cancelled).
    func cancelled(job id: Int) -> Bool { state.withLock { $0.run || $0.jobs.contains(id) } }
}
