import Foundation
import ServiceKit
import Synchronization
import Testing

@Suite("Work queue")
struct WorkQueueTests {
    struct Item: Sendable {
        var id: String
        var attempts: Int
    }

    final class Log: Sendable {
        let runs = Mutex<[String]>([])
    }

    @Test func anItemRunsOnceAtATimeAndStaleCopiesAreSkipped() async throws {
        let log = Log()
        let gate = AsyncStream<Void>.makeStream()
        let queue = WorkQueue<Item>(limit: 4, id: \.id, attempts: \.attempts) { item in
            log.runs.withLock { $0.append(item.id) }
            for await _ in gate.stream { break }
        }
        queue.start(Item(id: "a", attempts: 0))
        queue.start(Item(id: "a", attempts: 0))  // already running
        try await Task.sleep(for: .milliseconds(50))
        gate.continuation.yield()
        try await Task.sleep(for: .milliseconds(50))
        queue.start(Item(id: "a", attempts: 0))  // a scan read it before the attempt ended: stale
        try await Task.sleep(for: .milliseconds(50))
        #expect(log.runs.withLock { $0 } == ["a"])
        queue.start(Item(id: "a", attempts: 1))  // the recorded retry
        try await Task.sleep(for: .milliseconds(50))
        gate.continuation.finish()
        #expect(log.runs.withLock { $0 } == ["a", "a"])
    }

    @Test func atMostTheLimitRunsAtOnce() async throws {
        let log = Log()
        let queue = WorkQueue<Item>(limit: 2, id: \.id, attempts: \.attempts) { item in
            log.runs.withLock { $0.append(item.id) }
            try? await Task.sleep(for: .milliseconds(300))
        }
        for id in ["a", "b", "c"] { queue.start(Item(id: id, attempts: 0)) }
        try await Task.sleep(for: .milliseconds(100))
        #expect(log.runs.withLock { $0.count } == 2, "the third waits for a scan")
    }
}
