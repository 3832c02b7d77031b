import Foundation

/// Reads the chunks after the one being sent while it is on its way to the client, so reading (and decrypting)
/// overlaps sending and, with `depth` above one, uses more than one core. Chunks come back in order.
///
/// Reads run on Dispatch's threads: a plain task would run on the event loops (Swift's global executor in this
/// server), on the very thread that sends, and queue behind it.
final class ReadAhead: @unchecked Sendable {
    private let produce: @Sendable (Int) throws -> [UInt8]?
    private let depth: Int
    private var queued: [Task<[UInt8]?, any Error>] = []
    private var nextIndex = 0
    private var ended = false
    private let lock = NSLock()

    /// `produce(i)` is the `i`th chunk, nil past the end; it is called for several indexes at once.
    init(depth: Int, _ produce: @escaping @Sendable (Int) throws -> [UInt8]?) {
        self.produce = produce
        self.depth = depth
    }

    /// The next chunk, or nil at the end.
    func next() async throws -> [UInt8]? {
        let current: Task<[UInt8]?, any Error>? = lock.withLock {
            guard !ended else { return nil }
            fill()
            return queued.removeFirst()
        }
        guard let current else { return nil }
        let chunk = try await withTaskCancellationHandler { try await current.value } onCancel: { current.cancel() }
        lock.withLock {
            if chunk == nil {
                ended = true
                for task in queued { task.cancel() }
                queued.removeAll()
            } else {
                fill()
            }
        }
        return chunk
    }

    /// Starts reading chunks until `depth` are on their way; called with the lock held.
    private func fill() {
        let produce = self.produce
        while queued.count < depth {
            let index = nextIndex
            nextIndex += 1
            queued.append(Task {
                try Task.checkCancellation()
                return try await withCheckedThrowingContinuation { continuation in
                    DispatchQueue.global().async { continuation.resume(with: Result { try produce(index) }) }
                }
            })
        }
    }

    deinit {
        for task in queued { task.cancel() }
    }
}
