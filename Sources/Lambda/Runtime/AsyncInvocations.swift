import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Synchronization

/// `Event` invocations: stored before `Invoke` answers 202, run in the background, retried twice after a function
/// error (one and two minutes later, as Lambda does) and while throttled (for up to six hours), across restarts.
final class AsyncInvocations: Sendable {
    let store: AsyncInvocationStore
    let clock: any WallClock
    let logger: Logger
    private let queue = Mutex<WorkQueue<AsyncInvocation>?>(nil)
    /// The service that runs invocations, attached once it exists (it also enqueues them).
    private let service = Mutex<LambdaService?>(nil)
    static let maxInFlight = 32
    static let maxAge: TimeInterval = 6 * 3600

    init(store: AsyncInvocationStore, clock: any WallClock, logger: Logger) {
        self.store = store
        self.clock = clock
        self.logger = logger
        let queue = WorkQueue<AsyncInvocation>(limit: Self.maxInFlight, id: \.id, attempts: { $0.attempts + $0.throttles }) { [weak self] invocation in
            await self?.attempt(invocation)
        }
        self.queue.withLock { $0 = queue }
    }

    func attach(_ service: LambdaService) {
        self.service.withLock { $0 = service }
    }

    func enqueue(_ invocation: AsyncInvocation) async throws {
        try await store.insert(invocation)
        queue.withLock { $0 }?.start(invocation)
    }

    private func attempt(_ invocation: AsyncInvocation) async {
        var invocation = invocation
        do {
            guard let service = service.withLock({ $0 }), let result = try await service.runAsynchronous(invocation) else {
                try await store.delete(invocation.id)  // the function is gone
                return
            }
            invocation.attempts += 1
            if result.functionError == nil || invocation.attempts > 2 {
                try await store.delete(invocation.id)
                return
            }
            invocation.nextAttempt = clock.now().addingTimeInterval(60 * Double(invocation.attempts))
            try await store.update(invocation)
        } catch let error as LambdaError where error.code == "TooManyRequestsException" || error.code == "ResourceNotReadyException" {
            invocation.throttles += 1
            if clock.now().timeIntervalSince(invocation.created) > Self.maxAge {
                try? await store.delete(invocation.id)
                return
            }
            invocation.nextAttempt = clock.now().addingTimeInterval(min(pow(2, Double(invocation.throttles - 1)), 60))
            do { try await store.update(invocation) } catch { logger.error("recording an asynchronous invocation failed: \(error)") }
        } catch {
            logger.warning("asynchronous invocation \(invocation.id) of \(invocation.functionName) dropped: \(error)")
            try? await store.delete(invocation.id)
        }
    }

    /// Runs what is due (including what a restart left) until cancelled.
    func runLoop() async {
        guard let queue = queue.withLock({ $0 }) else { return }
        let store = self.store, clock = self.clock, logger = self.logger
        await queue.run(every: .seconds(1), due: { try await store.due(by: clock.now(), limit: Self.maxInFlight) }, onError: { error in
            logger.error("asynchronous invocation loop: \(error)")
        })
    }
}
