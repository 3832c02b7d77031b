import Crypto
import Foundation
import MetadataStore
import SQLKit

/// Small blobs in the metadata database, large ones as files: one table row costs a fraction of a file's create,
/// fsync, rename and directory sync, which dominated small uploads. Both kinds are sealed the same way.
public struct TieredBlobStore: BlobStore {
    public let files: LocalBlobStore
    let database: any MetadataDatabase
    let sealing: BlobSealing?
    /// Blobs up to this many bytes are kept in the database.
    public let inlineLimit: Int

    /// The table inline blobs live in.
    public static let migrations: [Migration] = [
        Migration(module: "blobs", version: 1, name: "inline blobs") { kind in
            ["CREATE TABLE blob_inline (blob_id TEXT PRIMARY KEY, data \(kind.blobType) NOT NULL, created_ms \(kind.bigintType) NOT NULL)"]
        },
    ]

    public init(files: LocalBlobStore, database: any MetadataDatabase, sealing: BlobSealing?, inlineLimit: Int = 64 * 1024) {
        self.files = files
        self.database = database
        self.sealing = sealing
        self.inlineLimit = inlineLimit
    }

    public func write<Source: AsyncSequence>(_ source: Source) async throws -> StoredBlob where Source.Element == [UInt8] {
        let prepared = try await prepare(source)
        if let row = prepared.inlineRow {
            try await database.transaction { db in try await row.insert(db) }
        }
        return prepared.blob
    }

    /// A blob whose bytes are stored, or (when small) ready to be inserted by the caller's own transaction.
    public struct PreparedBlob: Sendable {
        public let blob: StoredBlob
        /// The row to insert when the blob is kept in the database; nil when it is already a durable file.
        public let inlineRow: InlineRow?
    }

    /// A small blob's row, inserted in the transaction that also records what points at it — one commit, not two.
    public struct InlineRow: Sendable {
        let id: BlobID
        let data: Data
        let createdMS: Int64

        public func insert(_ db: any SQLDatabase) async throws {
            try await db.raw("INSERT INTO blob_inline (blob_id, data, created_ms) VALUES (\(bind: id.rawValue), \(bind: data), \(bind: createdMS))").run()
        }
    }

    /// Reads `source`: a large one is written to a file as `write` does; a small one is sealed in memory and handed
    /// back as a row for the caller to insert.
    public func prepare<Source: AsyncSequence>(_ source: Source) async throws -> PreparedBlob where Source.Element == [UInt8] {
        var iterator = source.makeAsyncIterator()
        var buffered: [UInt8] = []
        while let chunk = try await iterator.next() {
            buffered += chunk
            if buffered.count > inlineLimit {
                // Too big for a row: the file gets what was read so far, then the rest of the stream.
                return PreparedBlob(blob: try await files.write(Remainder(first: buffered, rest: iterator)), inlineRow: nil)
            }
        }
        let id = BlobID.random(inline: true)
        let row = InlineRow(id: id, data: Data(try sealing?.seal(buffered) ?? buffered), createdMS: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
        return PreparedBlob(blob: StoredBlob(id: id, size: buffered.count, md5: Array(Insecure.MD5.hash(data: buffered))), inlineRow: row)
    }

    public func read(_ id: BlobID, range: Range<Int>?) async throws -> AsyncThrowingStream<[UInt8], any Error> {
        guard id.isInline else { return try files.read(id, range: range) }
        let data = try await database.read { db in
            try await db.raw("SELECT data FROM blob_inline WHERE blob_id = \(bind: id.rawValue)").first()?.decode(column: "data", as: Data.self)
        }
        guard let data else { throw BlobStoreError.notFound(id) }
        let stored = Array(data)
        if BlobSealing.isSealed(header: stored), sealing == nil { throw BlobStoreError.io("blob \(id) is sealed and this store has no key") }
        let plaintext = try sealing?.unseal(stored) ?? stored
        let lower = min(range?.lowerBound ?? 0, plaintext.count)
        let upper = min(range?.upperBound ?? plaintext.count, plaintext.count)
        let slice = Array(plaintext[lower..<max(lower, upper)])
        return AsyncThrowingStream { continuation in
            if !slice.isEmpty { continuation.yield(slice) }
            continuation.finish()
        }
    }

    public func delete(_ id: BlobID) async throws {
        guard id.isInline else { return try files.delete(id) }
        try await database.transaction { db in
            try await db.raw("DELETE FROM blob_inline WHERE blob_id = \(bind: id.rawValue)").run()
        }
    }

    /// Every blob id present with how long ago it was written, for sweeping blobs no metadata points at.
    public func allBlobs() async throws -> [(id: BlobID, age: TimeInterval)] {
        let now = Date()
        var found: [(BlobID, TimeInterval)] = try files.allIDs().compactMap { id in files.age(of: id).map { (id, $0) } }
        let rows = try await database.read { db in try await db.raw("SELECT blob_id, created_ms FROM blob_inline").all() }
        for row in rows {
            guard let id = row.string("blob_id").flatMap(BlobID.init), let created = row.int64("created_ms") else { continue }
            found.append((id, now.timeIntervalSince1970 - Double(created) / 1000))
        }
        return found
    }
}

/// Bytes already read from a stream followed by the rest of it, as one sequence (iterated once).
private struct Remainder<Base: AsyncIteratorProtocol>: AsyncSequence where Base.Element == [UInt8] {
    typealias Element = [UInt8]
    let first: [UInt8]
    let rest: Base

    struct AsyncIterator: AsyncIteratorProtocol {
        var first: [UInt8]?
        var rest: Base

        mutating func next() async throws -> [UInt8]? {
            if let pending = first {
                first = nil
                return pending
            }
            return try await rest.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(first: first, rest: rest) }
}
