import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Flushes what a large write has put in a file so far on one of Dispatch's threads while the write goes on, so
/// the disk works during the upload rather than all at its closing `fsync`. At most one flush runs at a time.
struct EarlyFlush {
    private let descriptor: Int32
    /// Bytes written between flushes.
    private let every: Int
    private var unflushed = 0
    private var running: (task: Task<Void, Never>, done: DoneFlag)?

    init(descriptor: Int32, every: Int = 8 << 20) {
        self.descriptor = descriptor
        self.every = every
    }

    /// Notes `count` more bytes written; starts a flush once enough are waiting and none runs.
    mutating func wrote(_ count: Int) {
        unflushed += count
        guard unflushed >= every, running?.done.isSet ?? true else { return }
        unflushed = 0
        let descriptor = self.descriptor
        let done = DoneFlag()
        let task = Task {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().async {
                    _ = fdatasync(descriptor)
                    done.set()
                    continuation.resume()
                }
            }
        }
        running = (task, done)
    }

    /// Waits for the flush running, if any; the file may be closed afterwards.
    func finish() async {
        await running?.task.value
    }
}

/// Set once, by the thread that finished a flush.
final class DoneFlag: @unchecked Sendable {
    private var value = false
    private let lock = NSLock()

    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
