import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

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

/// The file side of a blob write: plaintext in, sealed segments (or the plaintext, without a key) written out, with
/// early flushes along the way. A whole segment is sealed straight from the chunk it arrived in, and one that
/// straddles two chunks is gathered first; either way the ciphertext goes straight into the output buffer.
final class BlobFileOutput: @unchecked Sendable {
    let descriptor: Int32
    private let cipher: SegmentCipher?
    /// The segment being gathered; a full one is sealed only once more bytes arrive, since it might be the last.
    private let pending: UnsafeMutableRawBufferPointer
    private var pendingCount = 0
    private var segment = 0
    /// Sealed segments waiting to be written.
    private let output: UnsafeMutableRawBufferPointer
    private var outputCount = 0
    var flush: EarlyFlush

    /// Sealed segments gathered before a write.
    private static let segmentsPerWrite = 16

    /// Writes the sealed header first when `sealing` is given.
    init(descriptor: Int32, sealing: BlobSealing?) throws {
        self.descriptor = descriptor
        flush = EarlyFlush(descriptor: descriptor)
        if let sealing {
            let (header, cipher) = try sealing.newHeader()
            try header.withUnsafeBytes { try Self.writeAll($0, to: descriptor) }
            self.cipher = cipher
            pending = .allocate(byteCount: BlobSealing.segmentSize, alignment: 64)
            output = .allocate(byteCount: Self.segmentsPerWrite * BlobSealing.sealedSegmentSize, alignment: 64)
        } else {
            cipher = nil
            pending = UnsafeMutableRawBufferPointer(start: nil, count: 0)
            output = UnsafeMutableRawBufferPointer(start: nil, count: 0)
        }
    }

    func append(_ chunk: [UInt8]) throws {
        try chunk.withUnsafeBytes { bytes in
            guard cipher != nil else {
                try Self.writeAll(bytes, to: descriptor)
                flush.wrote(bytes.count)
                return
            }
            var offset = 0
            while offset < bytes.count {
                if pendingCount == BlobSealing.segmentSize { try sealPending(last: false) }
                if pendingCount == 0 && bytes.count - offset > BlobSealing.segmentSize {
                    // A whole segment with more bytes after it is sealed straight from the chunk, not gathered first.
                    try seal(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + BlobSealing.segmentSize]), last: false)
                    offset += BlobSealing.segmentSize
                    continue
                }
                let take = min(BlobSealing.segmentSize - pendingCount, bytes.count - offset)
                UnsafeMutableRawBufferPointer(rebasing: pending[pendingCount..<pendingCount + take])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + take]))
                pendingCount += take
                offset += take
            }
        }
    }

    /// Seals and writes the last segment (possibly empty).
    func finish() throws {
        guard cipher != nil else { return }
        try sealPending(last: true)
        try writeOutput()
    }

    func sync() throws {
        guard fsync(descriptor) == 0 else { throw BlobStoreError.io("fsync failed: errno \(errno)") }
    }

    private func sealPending(last: Bool) throws {
        try seal(UnsafeRawBufferPointer(rebasing: pending[0..<pendingCount]), last: last)
        pendingCount = 0
    }

    /// Seals the next segment into the output buffer, writing the buffer out first when it is full.
    private func seal(_ plaintext: UnsafeRawBufferPointer, last: Bool) throws {
        guard let cipher, let base = output.baseAddress else { return }
        if outputCount + BlobSealing.sealedSegmentSize > output.count { try writeOutput() }
        try cipher.seal(plaintext, into: base + outputCount, segment: segment, last: last)
        outputCount += plaintext.count + BlobSealing.tagSize
        segment += 1
    }

    private func writeOutput() throws {
        guard outputCount > 0 else { return }
        try Self.writeAll(UnsafeRawBufferPointer(rebasing: output[0..<outputCount]), to: descriptor)
        flush.wrote(outputCount)
        outputCount = 0
    }

    static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws {
        guard let base = bytes.baseAddress else { return }
        var written = 0
        while written < bytes.count {
            let result = Glibc.write(descriptor, base + written, bytes.count - written)
            if result < 0 {
                if errno == EINTR { continue }
                throw BlobStoreError.io("write failed: errno \(errno)")
            }
            written += result
        }
    }

    deinit {
        pending.deallocate()
        output.deallocate()
    }
}
