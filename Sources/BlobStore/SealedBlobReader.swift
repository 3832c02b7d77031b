import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a plaintext range of a sealed blob in batches of whole segments, each authenticated, then trimmed to the
/// range. A batch depends only on its index, so several can be read and decrypted at once, on different cores.
final class SealedBlobReader: @unchecked Sendable {
    private let descriptor: Int32
    private let cipher: SegmentCipher
    private let segments: Int
    private let start: Int
    private let end: Int
    /// Segments per batch: 512 KiB of plaintext (in `bench/s3.py`, 1 and 2 MiB sent slower and 256 KiB no faster).
    private let batch = 8
    /// Sealed-read buffers no batch is using, kept because a fresh buffer each time costs page faults.
    private var spare: [[UInt8]] = []
    private let lock = NSLock()

    /// Takes ownership of `descriptor`, closing it when the reader is dropped.
    init(descriptor: Int32, cipher: SegmentCipher, range: Range<Int>?) throws {
        self.descriptor = descriptor
        self.cipher = cipher
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
    }

    /// The plaintext of batch `index` of the range, or nil past its end.
    func chunk(_ index: Int) throws -> [UInt8]? {
        let lastNeeded = end > start ? (end - 1) / BlobSealing.segmentSize : -1
        let first = start / BlobSealing.segmentSize + index * batch
        guard first <= lastNeeded else { return nil }
        let count = min(batch, lastNeeded - first + 1)
        let offset = BlobSealing.headerSize + first * BlobSealing.sealedSegmentSize
        let wanted = count * BlobSealing.sealedSegmentSize
        var sealed = lock.withLock { spare.popLast() } ?? []
        defer { lock.withLock { spare.append(sealed) } }
        if sealed.count < wanted { sealed = [UInt8](repeating: 0, count: batch * BlobSealing.sealedSegmentSize) }
        var filled = 0
        while filled < wanted {
            let read = sealed.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, wanted - filled, off_t(offset + filled)) }  // non-empty buffer
            if read < 0 && errno == EINTR { continue }
            guard read >= 0 else { throw BlobStoreError.io("read failed: errno \(errno)") }
            if read == 0 { break }
            filled += read
        }
        // Whole segments are opened straight into the chunk; only a range's partial first segment moves afterwards.
        let segmentStart = first * BlobSealing.segmentSize
        let from = max(start - segmentStart, 0)
        let to = min(end - segmentStart, count * BlobSealing.segmentSize)
        return try [UInt8](unsafeUninitializedCapacity: count * BlobSealing.segmentSize) { plaintext, initialized in
            let base = UnsafeMutableRawPointer(plaintext.baseAddress!)  // count is at least one segment
            var opened = 0
            try sealed.withUnsafeBytes { sealedBytes in
                for index in 0..<count {
                    let segment = first + index
                    let lower = index * BlobSealing.sealedSegmentSize
                    let upper = min(lower + BlobSealing.sealedSegmentSize, filled)
                    guard upper > lower else { throw BlobStoreError.io("sealed blob ends before segment \(segment)") }
                    try cipher.open(
                        UnsafeRawBufferPointer(rebasing: sealedBytes[lower..<upper]), into: base + index * BlobSealing.segmentSize,
                        segment: segment, last: segment == segments - 1
                    )
                    opened = index * BlobSealing.segmentSize + (upper - lower - BlobSealing.tagSize)
                }
            }
            let kept = max(0, min(to, opened) - from)
            if from > 0 && kept > 0 { base.copyMemory(from: base + from, byteCount: kept) }
            initialized = kept
        }
    }

    deinit {
        _ = Glibc.close(descriptor)
    }
}
