import Foundation
import Synchronization

/// Runs stored work in the background (event deliveries, asynchronous invocations): each item at most once at a
/// time, started as soon as it is stored or when a scan finds it due, at most `limit` at once. An item read by a
/// scan before its last attempt ended (fewer attempts than were made) is stale and not started again.
public final class WorkQueue<Item: Sendable>: Sendable {
    private let limit: Int
    private let id: @Sendable (Item) -> String
    private let attempts: @Sendable (Item) -> Int
    private let perform: @Sendable (Item) async -> Void
    /// Items running, whether one was turned away at the limit (the loop looks again when a slot frees up), and items
    /// started again while running (each starts once more when its run ends).
    private let inFlight = Mutex<(running: Set<String>, deferred: Bool, again: [String: Item])>(([], false, [:]))
    private let attempted = Mutex<[String: (attempts: Int, at: Date)]>([:])
    /// The scan loop's wait: a pending wake-up, or the suspended loop and which wait it is.
    private let waiting = Mutex<(pending: Bool, generation: Int, continuation: CheckedContinuation<Void, Never>?)>((false, 0, nil))

    /// `attempts`: how many attempts the stored item records; `perform` makes one attempt and records its outcome.
    public init(
        limit: Int, id: @escaping @Sendable (Item) -> String, attempts: @escaping @Sendable (Item) -> Int,
        perform: @escaping @Sendable (Item) async -> Void
    ) {
        self.limit = limit
        self.id = id
        self.attempts = attempts
        self.perform = perform
    }

    /// Makes the scan loop look again now.
    public func wake() {
        let continuation = waiting.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let continuation = state.continuation else {
                state.pending = true
                return nil
            }
            state.continuation = nil
            return continuation
        }
        continuation?.resume()
    }

    /// Waits until woken, cancelled, or `timeout` passes.
    private func wait(timeout: Duration) async {
        await withTaskCancellationHandler {
            await suspend(timeout: timeout)
        } onCancel: {
            wake()
        }
    }

    private func suspend(timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let generation = waiting.withLock { state -> Int? in
                if state.pending {
                    state.pending = false
                    return nil
                }
                state.generation += 1
                state.continuation = continuation
                return state.generation
            }
            guard let generation else {
                continuation.resume()
                return
            }
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                self?.expire(generation)
            }
        }
    }

    private func expire(_ generation: Int) {
        let continuation = waiting.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.generation == generation, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return continuation
        }
        continuation?.resume()
    }

    /// Starts an item now, unless it is running, stale, or the limit is reached (then the next scan picks it up).
    public func start(_ item: Item) {
        let key = id(item)
        if let done = attempted.withLock({ $0[key] }), done.attempts > attempts(item) { return }
        let claimed = inFlight.withLock { state -> Bool in
            guard !state.running.contains(key) else {
                state.again[key] = item
                return false
            }
            guard state.running.count < limit else {
                state.deferred = true
                return false
            }
            state.running.insert(key)
            return true
        }
        guard claimed else { return }
        let made = attempts(item) + 1
        Task {
            await perform(item)
            let now = Date()
            attempted.withLock { done in
                done[key] = (made, now)
                if done.count > 10_000 { done = done.filter { now.timeIntervalSince($0.value.at) < 300 } }
            }
            let (deferred, again) = inFlight.withLock { state -> (Bool, Item?) in
                state.running.remove(key)
                defer { state.deferred = false }
                return (state.deferred, state.again.removeValue(forKey: key))
            }
            if let again { start(again) }
            if deferred { wake() }
        }
    }

    /// Scans for due items (and does `alongside`) at least every `interval`, sooner when woken, until cancelled.
    public func run(
        every interval: Duration, due: @escaping @Sendable () async throws -> [Item], alongside: @escaping @Sendable () async throws -> Void = {},
        onError: @escaping @Sendable (any Error) -> Void
    ) async {
        while !Task.isCancelled {
            do {
                for item in try await due() { start(item) }
                try await alongside()
            } catch {
                onError(error)
            }
            await wait(timeout: interval)
        }
    }
}
