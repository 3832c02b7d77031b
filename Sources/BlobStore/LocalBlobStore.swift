import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Blobs as files under one directory: written to `tmp/`, fsynced, then renamed into `blobs/xx/` so they appear whole or not at all.
///
/// With a `sealing`, new blobs are encrypted at rest; blobs written without one stay readable.
public struct LocalBlobStore: BlobStore {
    public let root: URL
    private let chunkSize = 256 * 1024
    /// Bytes of an upload handed to the digest and file stages at a time.
    static let batchSize = 1 << 20
    private let sealing: BlobSealing?

    /// Whether new blobs are encrypted at rest.
    public var seals: Bool { sealing != nil }

    /// Creates the directories if needed.
    public init(root: URL, sealing: BlobSealing? = nil) throws {
        self.root = root
        self.sealing = sealing
        for directory in ["tmp", "blobs"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(directory), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    func path(of id: BlobID) -> String {
        root.appendingPathComponent("blobs").appendingPathComponent(String(id.rawValue.prefix(2))).appendingPathComponent(id.rawValue).path
    }

    public func write<Source: AsyncSequence>(_ source: Source) async throws -> StoredBlob where Source.Element == [UInt8] {
        let id = BlobID.random()
        let temporary = root.appendingPathComponent("tmp").appendingPathComponent(id.rawValue).path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw BlobStoreError.io("cannot create \(temporary): errno \(errno)") }
        var pipeline: PipelinedWrite?
        var isOpen = true
        do {
            let write = PipelinedWrite(output: try BlobFileOutput(descriptor: descriptor, sealing: sealing))
            pipeline = write
            // Chunks are handed on in batches of about a MiB: one hop to each stage per batch, not per network read.
            var batch: [[UInt8]] = []
            var batched = 0
            for try await chunk in source where !chunk.isEmpty {
                batch.append(chunk)
                batched += chunk.count
                if batched >= Self.batchSize {
                    try await write.submit(batch)
                    batch.removeAll(keepingCapacity: true)
                    batched = 0
                }
            }
            if !batch.isEmpty { try await write.submit(batch) }
            let md5 = try await write.finish()
            close(descriptor)
            isOpen = false
            let destination = path(of: id)
            let directory = (destination as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            guard rename(temporary, destination) == 0 else { throw BlobStoreError.io("rename failed: errno \(errno)") }
            Self.syncDirectory(directory)
            return StoredBlob(id: id, size: write.size, md5: md5)
        } catch {
            // Work still running holds the descriptor: it must end before the number can be reused.
            await pipeline?.abandon()
            if isOpen { close(descriptor) }
            unlink(temporary)
            throw error
        }
    }

    public func read(_ id: BlobID, range: Range<Int>?) throws -> AsyncThrowingStream<[UInt8], any Error> {
        guard !id.isInline else { throw BlobStoreError.notFound(id) }
        let descriptor = open(path(of: id), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw BlobStoreError.notFound(id) }
        var header = [UInt8](repeating: 0, count: BlobSealing.headerSize)
        let headerCount = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, BlobSealing.headerSize, 0) }
        if headerCount == BlobSealing.headerSize, BlobSealing.isSealed(header: header) {
            guard let sealing else {
                close(descriptor)
                throw BlobStoreError.io("blob \(id) is sealed and this store has no key")
            }
            let reader = try SealedBlobReader(descriptor: descriptor, cipher: sealing.cipher(forHeader: header), range: range)
            // Up to four batches are read and opened ahead, on Dispatch's threads, while the one before them is sent.
            let ahead = ReadAhead(depth: 4) { try reader.chunk($0) }
            return AsyncThrowingStream { () async throws -> [UInt8]? in try await ahead.next() }
        }
        let reader = BlobReader(descriptor: descriptor, offset: range?.lowerBound ?? 0, end: range?.upperBound, chunkSize: chunkSize)
        return AsyncThrowingStream { () async throws -> [UInt8]? in try reader.next() }
    }

    public func delete(_ id: BlobID) throws {
        guard !id.isInline else { return }
        if unlink(path(of: id)) != 0 && errno != ENOENT {
            throw BlobStoreError.io("unlink failed: errno \(errno)")
        }
    }

    /// Removes temporary files left by writes that never finished (a crash, a client gone mid-upload).
    public func sweepTemporaries(olderThan age: TimeInterval) throws -> Int {
        let directory = root.appendingPathComponent("tmp")
        var removed = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let file = directory.appendingPathComponent(name).path
            let modified = (try? FileManager.default.attributesOfItem(atPath: file)[.modificationDate] as? Date) ?? Date()
            if Date().timeIntervalSince(modified) >= age, unlink(file) == 0 { removed += 1 }
        }
        return removed
    }

    /// How long ago the blob was written, nil when it does not exist.
    public func age(of id: BlobID) -> TimeInterval? {
        guard let modified = try? FileManager.default.attributesOfItem(atPath: path(of: id))[.modificationDate] as? Date else { return nil }
        return Date().timeIntervalSince(modified)
    }

    /// Every blob id present, for sweeping blobs no metadata points at.
    public func allIDs() throws -> [BlobID] {
        let blobs = root.appendingPathComponent("blobs")
        var ids: [BlobID] = []
        for shard in try FileManager.default.contentsOfDirectory(atPath: blobs.path) {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: blobs.appendingPathComponent(shard).path)) ?? [] {
                if let id = BlobID(name) { ids.append(id) }
            }
        }
        return ids
    }

    /// Makes a rename durable: the directory entry is on disk once the directory is synced.
    private static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// Reads one blob chunk by chunk and closes its file when done, failed or dropped.
final class BlobReader: @unchecked Sendable {
    private let descriptor: Int32
    private var offset: Int
    private let end: Int?
    private let chunkSize: Int
    private var closed = false
    private let lock = NSLock()

    init(descriptor: Int32, offset: Int, end: Int?, chunkSize: Int) {
        self.descriptor = descriptor
        self.offset = offset
        self.end = end
        self.chunkSize = chunkSize
    }

    /// The next chunk, or nil at the end of the range or file.
    func next() throws -> [UInt8]? {
        try lock.withLock {
            guard !closed else { return nil }
            let wanted = end.map { min(chunkSize, $0 - offset) } ?? chunkSize
            guard wanted > 0 else {
                closeLocked()
                return nil
            }
            var buffer = [UInt8](repeating: 0, count: wanted)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(offset)) }
            guard count >= 0 else {
                closeLocked()
                throw BlobStoreError.io("read failed: errno \(errno)")
            }
            guard count > 0 else {
                closeLocked()
                return nil
            }
            offset += count
            return count == wanted ? buffer : Array(buffer[0..<count])
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
