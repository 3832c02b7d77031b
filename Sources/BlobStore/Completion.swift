import Foundation

/// One result, set once by the thread that produced it and awaited by one task.
final class Completion: @unchecked Sendable {
    private var result: Result<Void, any Error>?
    private var waiter: CheckedContinuation<Void, any Error>?
    private let lock = NSLock()

    func resolve(_ outcome: Result<Void, any Error>) {
        let waiting: CheckedContinuation<Void, any Error>? = lock.withLock {
            guard let waiter else {
                result = outcome
                return nil
            }
            self.waiter = nil
            return waiter
        }
        waiting?.resume(with: outcome)
    }

    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let ready: Result<Void, any Error>? = lock.withLock {
                if let result { return result }
                waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
