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
    private let inFlight = Mutex<Set<String>>([])
    private let attempted = Mutex<[String: (attempts: Int, at: Date)]>([:])
    private let wakeUp: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>

    /// `attempts`: how many attempts the stored item records; `perform` makes one attempt and records its outcome.
    public init(
        limit: Int, id: @escaping @Sendable (Item) -> String, attempts: @escaping @Sendable (Item) -> Int,
        perform: @escaping @Sendable (Item) async -> Void
    ) {
        self.limit = limit
        self.id = id
        self.attempts = attempts
        self.perform = perform
        (wakes, wakeUp) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Starts an item now, unless it is running, stale, or the limit is reached (then the next scan picks it up).
    public func start(_ item: Item) {
        let key = id(item)
        if let done = attempted.withLock({ $0[key] }), done.attempts > attempts(item) { return }
        let claimed = inFlight.withLock { running -> Bool in
            guard running.count < limit, !running.contains(key) else { return false }
            running.insert(key)
            return true
        }
        guard claimed else {
            wakeUp.yield()
            return
        }
        let made = attempts(item) + 1
        Task {
            await perform(item)
            let now = Date()
            attempted.withLock { done in
                done[key] = (made, now)
                if done.count > 10_000 { done = done.filter { now.timeIntervalSince($0.value.at) < 300 } }
            }
            _ = inFlight.withLock { $0.remove(key) }
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
            await withTaskGroup(of: Void.self) { group in
                group.addTask { [wakes] in
                    for await _ in wakes { return }
                }
                group.addTask { try? await Task.sleep(for: interval) }
                await group.next()
                group.cancelAll()
            }
        }
    }
}
