import BlobStore
import Crypto
import Foundation
import Testing

@Suite("Local blob store")
struct LocalBlobStoreTests {
    func store() throws -> (LocalBlobStore, URL) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-blobs-\(UUID().uuidString)")
        return (try LocalBlobStore(root: root), root)
    }

    func chunks(_ parts: [[UInt8]]) -> AsyncThrowingStream<[UInt8], any Error> {
        AsyncThrowingStream { continuation in
            for part in parts { continuation.yield(part) }
            continuation.finish()
        }
    }

    func readAll(_ stream: AsyncThrowingStream<[UInt8], any Error>) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in stream { bytes += chunk }
        return bytes
    }

    /// Large enough that flushes start while it is written, plain and sealed, and read back in read-ahead batches.
    @Test(arguments: [false, true]) func aLargeBlobFlushedWhileWrittenReadsBackWhole(sealed: Bool) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-blobs-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let blobs = try LocalBlobStore(root: root, sealing: sealed ? BlobSealing(masterKey: SymmetricKey(size: .bits256)) : nil)
        let parts = (0..<20).map { part in (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ part) } }
        let data = parts.flatMap { $0 }
        let stored = try await blobs.write(chunks(parts))
        #expect(stored.size == data.count)
        #expect(stored.md5 == Array(Insecure.MD5.hash(data: data)))
        #expect(try await readAll(blobs.read(stored.id, range: nil)) == data)
        #expect(try await readAll(blobs.read(stored.id, range: 5_000_000..<15_000_001)) == Array(data[5_000_000..<15_000_001]))
    }

    @Test func writesReadsRangesAndDeletes() async throws {
        let (blobs, root) = try store()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = (0..<700_000).map { UInt8($0 % 251) }
        let stored = try await blobs.write(chunks([Array(data[0..<100_000]), Array(data[100_000...])]))
        #expect(stored.size == data.count)
        #expect(stored.md5 == Array(Insecure.MD5.hash(data: data)))
        #expect(try await readAll(blobs.read(stored.id, range: nil)) == data)
        #expect(try await readAll(blobs.read(stored.id, range: 10..<300_010)) == Array(data[10..<300_010]))
        #expect(try await readAll(blobs.read(stored.id, range: 699_990..<800_000)) == Array(data[699_990...]))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
        try blobs.delete(stored.id)
        #expect(throws: BlobStoreError.notFound(stored.id)) { _ = try blobs.read(stored.id, range: nil) }
        try blobs.delete(stored.id)
    }

    @Test func aFailedSourceLeavesNothingBehind() async throws {
        let (blobs, root) = try store()
        defer { try? FileManager.default.removeItem(at: root) }
        struct Disconnected: Error {}
        let failing = AsyncThrowingStream<[UInt8], any Error> { continuation in
            continuation.yield([1, 2, 3])
            continuation.finish(throwing: Disconnected())
        }
        await #expect(throws: Disconnected.self) { _ = try await blobs.write(failing) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
        #expect(try blobs.allIDs().isEmpty)
    }

    @Test func idsCannotNamePaths() {
        #expect(BlobID("../../etc/passwd") == nil)
        #expect(BlobID("0123456789abcdef0123456789ABCDEF") == nil)
        #expect(BlobID("0123456789abcdef0123456789abcdef") != nil)
    }

    @Test func sweepRemovesAbandonedTemporaries() throws {
        let (blobs, root) = try store()
        defer { try? FileManager.default.removeItem(at: root) }
        let abandoned = root.appendingPathComponent("tmp").appendingPathComponent("0123456789abcdef0123456789abcdef")
        FileManager.default.createFile(atPath: abandoned.path, contents: Data([1, 2, 3]))
        #expect(try blobs.sweepTemporaries(olderThan: 3600) == 0)
        #expect(try blobs.sweepTemporaries(olderThan: 0) == 1)
    }
}
