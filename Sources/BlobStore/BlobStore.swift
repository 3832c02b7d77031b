import Foundation

/// Where object bytes live, addressed by ids that say nothing about the content; metadata points at them.
public protocol BlobStore: Sendable {
    /// Stores the bytes `source` yields as a new blob, durably; nothing is visible under the returned id until it is complete.
    func write<Source: AsyncSequence>(_ source: Source) async throws -> StoredBlob where Source.Element == [UInt8]
    /// The blob's bytes in `range` (all of them when nil), in chunks; `notFound` when the blob does not exist.
    func read(_ id: BlobID, range: Range<Int>?) async throws -> AsyncThrowingStream<[UInt8], any Error>
    /// Removes a blob; removing one that is gone is not an error.
    func delete(_ id: BlobID) async throws
}

/// The id of one stored blob.
public struct BlobID: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Accepts only the ids the stores hand out — 32 lowercase hex digits for a file, `i` and 31 for a blob kept in
    /// the database — so an id can never name a path outside the store.
    public init?(_ rawValue: String) {
        let utf8 = rawValue.utf8
        guard utf8.count == 32, utf8.dropFirst().allSatisfy(Self.isHexDigit), let first = utf8.first, Self.isHexDigit(first) || first == UInt8(ascii: "i") else {
            return nil
        }
        self.rawValue = rawValue
    }

    /// Whether the blob lives in the metadata database rather than in a file.
    public var isInline: Bool { rawValue.utf8.first == UInt8(ascii: "i") }

    private static func isHexDigit(_ byte: UInt8) -> Bool { (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) }

    static func random(inline: Bool = false) -> BlobID {
        var generator = SystemRandomNumberGenerator()
        let hex = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
            .map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        return BlobID(inline ? "i" + hex.dropFirst() : hex)!  // 32 characters of the id alphabet by construction
    }

    public var description: String { rawValue }
}

/// What a finished write produced.
public struct StoredBlob: Sendable, Hashable {
    public let id: BlobID
    public let size: Int
    /// The MD5 of the bytes, which S3 shows as the ETag of a single-part object.
    public let md5: [UInt8]
}

/// Failures of the blob store.
public enum BlobStoreError: Error, Sendable, Equatable {
    case notFound(BlobID)
    case io(String)
}
