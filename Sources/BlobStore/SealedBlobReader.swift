import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a plaintext range of a sealed blob: whole segments from the file, each authenticated, then trimmed to the range.
final class SealedBlobReader: @unchecked Sendable {
    private let descriptor: Int32
    private let key: SymmetricKey
    private let segments: Int
    private let start: Int
    private let end: Int
    private var nextSegment: Int
    private var closed = false
    private let lock = NSLock()
    /// Segments per read: 256 KiB of plaintext, like the plain reader's chunks.
    private let batch = 4

    /// Takes ownership of `descriptor`, closing it when done or dropped.
    init(descriptor: Int32, key: SymmetricKey, range: Range<Int>?) throws {
        self.descriptor = descriptor
        self.key = key
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            _ = Glibc.close(descriptor)
            throw BlobStoreError.io("stat failed: errno \(errno)")
        }
        let layout: (segments: Int, plaintextSize: Int)
        do {
            layout = try BlobSealing.layout(fileSize: Int(status.st_size))
        } catch {
            _ = Glibc.close(descriptor)
            throw error
        }
        segments = layout.segments
        start = min(range?.lowerBound ?? 0, layout.plaintextSize)
        end = min(range?.upperBound ?? layout.plaintextSize, layout.plaintextSize)
        nextSegment = start / BlobSealing.segmentSize
    }

    /// The next plaintext chunk, or nil once the range is read.
    func next() throws -> [UInt8]? {
        try lock.withLock {
            guard !closed else { return nil }
            let lastNeeded = end > start ? (end - 1) / BlobSealing.segmentSize : -1
            guard nextSegment <= lastNeeded else {
                closeLocked()
                return nil
            }
            let first = nextSegment
            let count = min(batch, lastNeeded - first + 1)
            let offset = BlobSealing.headerSize + first * BlobSealing.sealedSegmentSize
            var sealed = [UInt8](repeating: 0, count: count * BlobSealing.sealedSegmentSize)
            var filled = 0
            while filled < sealed.count {
                let read = sealed.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, $0.count - filled, off_t(offset + filled)) }  // non-empty buffer
                if read < 0 && errno == EINTR { continue }
                guard read >= 0 else {
                    closeLocked()
                    throw BlobStoreError.io("read failed: errno \(errno)")
                }
                if read == 0 { break }
                filled += read
            }
            var plaintext: [UInt8] = []
            plaintext.reserveCapacity(count * BlobSealing.segmentSize)
            for index in 0..<count {
                let segment = first + index
                let lower = index * BlobSealing.sealedSegmentSize
                let upper = min(lower + BlobSealing.sealedSegmentSize, filled)
                guard upper > lower else {
                    closeLocked()
                    throw BlobStoreError.io("sealed blob ends before segment \(segment)")
                }
                do {
                    let opened = try BlobSealing.open(sealed[lower..<upper], key: key, segment: segment, last: segment == segments - 1)
                    let segmentStart = segment * BlobSealing.segmentSize
                    let from = max(start - segmentStart, 0)
                    let to = min(end - segmentStart, opened.count)
                    if from < to { plaintext.append(contentsOf: opened[from..<to]) }
                } catch {
                    closeLocked()
                    throw error
                }
            }
            nextSegment = first + count
            return plaintext
        }
    }

    private func closeLocked() {
        guard !closed else { return }
        closed = true
        _ = Glibc.close(descriptor)
    }

    deinit {
        if !closed { _ = Glibc.close(descriptor) }
    }
}
