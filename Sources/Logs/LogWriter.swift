import Foundation
import ServiceKit
import SlipwayCore
import Synchronization

/// The logs port: services append lines to a stream without waiting (a function's output reader cannot), and one
/// flush at a time writes them in order, creating the group and stream on first use. Nothing runs while nothing is
/// queued.
public final class LogWriter: LogsPort, Sendable {
    private struct Pending: Sendable {
        var account: String, region: String, group: String, stream: String
        var events: [LogEventRecord]
    }

    private struct State {
        var queue: [Pending] = []
        var flushing = false
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let store: LogStore
    private let clock: any WallClock
    private let ids: EventIDs
    private let state = Mutex(State())

    init(store: LogStore, clock: any WallClock, ids: EventIDs) {
        self.store = store
        self.clock = clock
        self.ids = ids
    }

    public func append(_ messages: [String], group: String, stream: String, account: String, region: String) {
        guard !messages.isEmpty else { return }
        let now = Int64(clock.now().timeIntervalSince1970 * 1000)
        // A process may print a NUL byte; PostgreSQL cannot store it, and the batch holding it would be lost.
        let events = messages.map {
            LogEventRecord(stream: stream, timestamp: now, ingestion: now, id: ids.next(ingestion: now), message: $0.storableText)
        }
        let start = state.withLock { state -> Bool in
            if let last = state.queue.last, last.account == account, last.region == region, last.group == group, last.stream == stream {
                state.queue[state.queue.count - 1].events += events
            } else {
                state.queue.append(Pending(account: account, region: region, group: group, stream: stream, events: events))
            }
            guard !state.flushing else { return false }
            state.flushing = true
            return true
        }
        if start { Task { await self.flush() } }
    }

    private func flush() async {
        while true {
            let batch = state.withLock { state -> [Pending] in
                let taken = state.queue
                state.queue.removeAll()
                if taken.isEmpty { state.flushing = false }
                return taken
            }
            guard !batch.isEmpty else { break }
            for pending in batch {
                // A log that cannot be written must not take down what it logs.
                try? await store.append(
                    pending.events, account: pending.account, region: pending.region, group: pending.group, stream: pending.stream, create: true,
                    now: pending.events.first?.ingestion ?? 0
                )
            }
        }
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            let waiting = state.idleWaiters
            state.idleWaiters.removeAll()
            return waiting
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Waits until everything appended so far is written.
    public func drain() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                if !state.flushing { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    public func messages(group: String, account: String, region: String) async throws -> [String] {
        await drain()
        var messages: [String] = []
        var query = LogStore.EventQuery(limit: 10_000)
        while true {
            let page = try await store.events(account: account, region: region, group: group, query)
            messages += page.map(\.message)
            guard let last = page.last, page.count == query.limit else { return messages }
            query.after = (last.timestamp, last.id)
        }
    }
}
