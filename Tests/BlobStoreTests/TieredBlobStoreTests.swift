import BlobStore
import Crypto
import Foundation
import Logging
import MetadataStore
import MetadataStoreSQLite
import Testing

@Suite("Tiered blobs: small ones in the database, large ones in files")
struct TieredBlobStoreTests {
    func withStore(_ body: (TieredBlobStore, URL) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-tiered-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let database = try await SQLiteMetadataDatabase.open(path: root.appendingPathComponent("metadata.sqlite").path, logger: Logger(label: "test"))
        try await Migrator(database: database).migrate(TieredBlobStore.migrations)
        let sealing = BlobSealing(masterKey: SymmetricKey(size: .bits256))
        let files = try LocalBlobStore(root: root.appendingPathComponent("objects"), sealing: sealing)
        do {
            try await body(TieredBlobStore(files: files, database: database, sealing: sealing, inlineLimit: 1000), root)
        } catch {
            try await database.close()
            throw error
        }
        try await database.close()
    }

    func chunks(_ bytes: [UInt8], size: Int) -> AsyncThrowingStream<[UInt8], any Error> { ByteStreams.chunks(bytes, size: size) }

    func readAll(_ stream: AsyncThrowingStream<[UInt8], any Error>) async throws -> [UInt8] { try await ByteStreams.readAll(stream) }

    @Test func smallBlobsLiveInTheDatabaseAndLargeOnesInFiles() async throws {
        try await withStore { blobs, root in
            let small = (0..<1000).map { UInt8($0 % 251) }
            let large = (0..<1001).map { UInt8($0 % 241) }
            let inline = try await blobs.write(chunks(small, size: 300))
            let file = try await blobs.write(chunks(large, size: 300))
            #expect(inline.id.isInline && !file.id.isInline)
            #expect(inline.md5 == Array(Insecure.MD5.hash(data: small)))
            #expect(file.md5 == Array(Insecure.MD5.hash(data: large)) && file.size == 1001)
            #expect(try await readAll(blobs.read(inline.id, range: nil)) == small)
            #expect(try await readAll(blobs.read(inline.id, range: 10..<20)) == Array(small[10..<20]))
            #expect(try await readAll(blobs.read(file.id, range: 990..<2000)) == Array(large[990...]))
            let ids = try await blobs.allBlobs().map(\.id)
            #expect(Set(ids) == [inline.id, file.id])
            // The database holds the small blob sealed, not in the clear.
            let sqlite = try Data(contentsOf: root.appendingPathComponent("metadata.sqlite"))
                + ((try? Data(contentsOf: root.appendingPathComponent("metadata.sqlite-wal"))) ?? Data())
            #expect(sqlite.range(of: Data(small[0..<64])) == nil)
            try await blobs.delete(inline.id)
            try await blobs.delete(file.id)
            await #expect(throws: BlobStoreError.notFound(inline.id)) { _ = try await blobs.read(inline.id, range: nil) }
            await #expect(throws: BlobStoreError.notFound(file.id)) { _ = try await blobs.read(file.id, range: nil) }
            #expect(try await blobs.allBlobs().isEmpty)
            let empty = try await blobs.write(chunks([], size: 1))
            #expect(empty.id.isInline && empty.size == 0)
            #expect(try await readAll(blobs.read(empty.id, range: nil)).isEmpty)
        }
    }

    @Test func inlineIdsNeverNameFiles() {
        #expect(BlobID("i0123456789abcdef0123456789abcde")?.isInline == true)
        #expect(BlobID("0123456789abcdef0123456789abcdef")?.isInline == false)
        #expect(BlobID("x0123456789abcdef0123456789abcde") == nil)
        #expect(BlobID("i0123456789abcdef0123456789abcd/") == nil)
    }
}
