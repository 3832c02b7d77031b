import Foundation
#if canImport(Glibc)
import Glibc
#endif

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
