import Crypto
import Foundation

/// A blob file's write in two stages that run side by side, each on a thread of its own: the MD5 digest on one,
/// sealing and writing the file on the other. MD5 alone runs at about the disk's speed, so hashing and writing in
/// turn on the request's thread made a large upload half as fast as either. Batches go through in order, and
/// `submit` waits while `window` of them are still on their way, which bounds the memory an upload holds.
final class PipelinedWrite: @unchecked Sendable {
    private let digestQueue = DispatchQueue(label: "slipway.blob.digest")
    private let fileQueue = DispatchQueue(label: "slipway.blob.file")
    private let window: Int
    /// Touched only on `digestQueue` until every batch is digested.
    private var md5 = Insecure.MD5()
    /// Touched only on `fileQueue`.
    private let output: BlobFileOutput
    /// The first failure of the file stage; later batches are skipped.
    private var failure: (any Error)?
    /// Completions of the batches submitted and not yet awaited, oldest first; touched only by the submitting task.
    private var pending: [Completion] = []
    private(set) var size = 0

    init(output: BlobFileOutput, window: Int = 4) {
        self.output = output
        self.window = window
    }

    /// Hands a batch of chunks to both stages; waits while more than `window` batches are unfinished.
    func submit(_ batch: [[UInt8]]) async throws {
        for chunk in batch { size += chunk.count }
        let digested = Completion()
        let written = Completion()
        digestQueue.async {
            for chunk in batch { self.md5.update(data: chunk) }
            digested.resolve(.success(()))
        }
        fileQueue.async {
            written.resolve(Result {
                if let failure = self.failure { throw failure }
                do {
                    for chunk in batch { try self.output.append(chunk) }
                } catch {
                    self.failure = error
                    throw error
                }
            })
        }
        pending += [digested, written]
        while pending.count > 2 * window { try await pending.removeFirst().wait() }
    }

    /// Waits for every batch, then seals the last segment and makes the file durable; returns the bytes' MD5.
    func finish() async throws -> [UInt8] {
        try await drain()
        try await onFileQueue { try self.output.finish() }
        await output.flush.finish()
        try await onFileQueue { try self.output.sync() }
        return Array(md5.finalize())
    }

    /// Waits for whatever is still running after a failure, so the file can be closed and removed.
    func abandon() async {
        while !pending.isEmpty { try? await pending.removeFirst().wait() }
        await output.flush.finish()
    }

    private func drain() async throws {
        while !pending.isEmpty { try await pending.removeFirst().wait() }
    }

    private func onFileQueue(_ body: @escaping @Sendable () throws -> Void) async throws {
        let done = Completion()
        fileQueue.async { done.resolve(Result { try body() }) }
        try await done.wait()
    }
}
