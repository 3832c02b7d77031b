import BlobStore
import Crypto
import Foundation
import Testing

@Suite("Sealed blobs (encryption at rest)")
struct SealedBlobStoreTests {
    let key = SymmetricKey(data: BlobSealing.newMasterKey())

    func store(_ root: URL, key: SymmetricKey? = nil) throws -> LocalBlobStore {
        try LocalBlobStore(root: root, sealing: BlobSealing(masterKey: key ?? self.key))
    }

    func newRoot() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("slipway-sealed-\(UUID().uuidString)")
    }

    func chunks(_ bytes: [UInt8], size: Int) -> AsyncThrowingStream<[UInt8], any Error> { ByteStreams.chunks(bytes, size: size) }

    func readAll(_ stream: AsyncThrowingStream<[UInt8], any Error>) async throws -> [UInt8] { try await ByteStreams.readAll(stream) }

    func file(_ root: URL, _ id: BlobID) -> URL {
        root.appendingPathComponent("blobs").appendingPathComponent(String(id.rawValue.prefix(2))).appendingPathComponent(id.rawValue)
    }

    @Test(arguments: [0, 1, 65_535, 65_536, 65_537, 131_072, 300_001, 5_242_883])
    func roundTripsEverySizeAndRange(size: Int) async throws {
        let root = newRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let blobs = try store(root)
        let data = (0..<size).map { UInt8(($0 * 7 + 3) % 251) }
        let stored = try await blobs.write(chunks(data, size: 10_007))
        #expect(stored.size == size)
        #expect(stored.md5 == Array(Insecure.MD5.hash(data: data)))
        #expect(try await readAll(blobs.read(stored.id, range: nil)) == data)
        for (lower, upper) in [(0, 1), (65_535, 65_537), (1, size), (size / 2, size), (size - 1, size + 10), (524_280, 1_100_000)] where lower >= 0 && lower < upper && lower < size {
            #expect(try await readAll(blobs.read(stored.id, range: lower..<upper)) == Array(data[lower..<min(upper, size)]))
        }
        let onDisk = try Data(contentsOf: file(root, stored.id))
        #expect(onDisk.count == BlobSealing.headerSize + size + 16 * max(1, (size + 65_535) / 65_536))
        // Chunks larger than a segment are sealed partly straight from the chunk, partly gathered across chunks.
        let large = try await blobs.write(chunks(data, size: 150_001))
        #expect(large.md5 == stored.md5)
        #expect(try await readAll(blobs.read(large.id, range: nil)) == data)
    }

    @Test func anUploadFailingPastSeveralBatchesLeavesNothingBehind() async throws {
        let root = newRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let blobs = try store(root)
        struct Disconnected: Error {}
        let failing = AsyncThrowingStream<[UInt8], any Error> { continuation in
            for _ in 0..<50 { continuation.yield([UInt8](repeating: 1, count: 65_536)) }
            continuation.finish(throwing: Disconnected())
        }
        await #expect(throws: Disconnected.self) { _ = try await blobs.write(failing) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
        #expect(try blobs.allIDs().isEmpty)
    }

    @Test func theFileDoesNotHoldThePlaintext() async throws {
        let root = newRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let secret = Array(String(repeating: "AWSTemplateFormatVersion: 2010-09-09\n", count: 100).utf8)
        let stored = try await store(root).write(chunks(secret, size: 1000))
        let onDisk = try Data(contentsOf: file(root, stored.id))
        #expect(onDisk.range(of: Data("AWSTemplateFormatVersion".utf8)) == nil)
    }

    @Test func tamperingTruncationAndAnotherKeyAreRefused() async throws {
        let root = newRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let blobs = try store(root)
        let data = (0..<150_000).map { UInt8($0 % 256) }
        let tampered = try await blobs.write(chunks(data, size: 4096))
        var bytes = try Data(contentsOf: file(root, tampered.id))
        bytes[BlobSealing.headerSize + 70_000] ^= 0x01
        try bytes.write(to: file(root, tampered.id))
        await #expect(throws: BlobStoreError.self) { _ = try await readAll(blobs.read(tampered.id, range: nil)) }

        // Dropping the last segment leaves a file whose new last segment was not sealed as last.
        let truncated = try await blobs.write(chunks(data, size: 4096))
        let whole = try Data(contentsOf: file(root, truncated.id))
        try whole.prefix(BlobSealing.headerSize + 2 * (65_536 + 16)).write(to: file(root, truncated.id))
        await #expect(throws: BlobStoreError.self) { _ = try await readAll(blobs.read(truncated.id, range: nil)) }

        let intact = try await blobs.write(chunks(data, size: 4096))
        let otherKey = try store(root, key: SymmetricKey(size: .bits256))
        await #expect(throws: BlobStoreError.self) { _ = try await readAll(otherKey.read(intact.id, range: nil)) }
        let noKey = try LocalBlobStore(root: root)
        #expect(throws: BlobStoreError.self) { _ = try noKey.read(intact.id, range: nil) }
    }

    @Test func blobsWrittenBeforeSealingStayReadable() async throws {
        let root = newRoot()
        defer { try? FileManager.default.removeItem(at: root) }
        let data = Array("written in the clear".utf8)
        let plain = try await LocalBlobStore(root: root).write(chunks(data, size: 5))
        #expect(try await readAll(store(root).read(plain.id, range: nil)) == data)
        #expect(try await readAll(store(root).read(plain.id, range: 3..<10)) == Array(data[3..<10]))
    }
}
