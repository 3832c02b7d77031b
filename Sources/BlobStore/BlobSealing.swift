import Crypto
import Foundation
import SlipwayCore

/// Encryption at rest for blobs: a header with a random salt, then AES-256-GCM segments under a per-blob key.
///
/// The blob key is HKDF-SHA256 of the master key and the salt, so no two blobs share a key and nonces can count
/// segments. Each segment's nonce carries its index and a flag on the last one (the STREAM construction), so
/// reordered, truncated or extended files fail to open rather than read as other bytes.
public struct BlobSealing: Sendable {
    /// Plaintext bytes per segment; ciphertext segments are 16 bytes longer (the GCM tag).
    public static let segmentSize = 64 * 1024
    static let tagSize = 16
    static let sealedSegmentSize = segmentSize + tagSize
    static let magic: [UInt8] = Array("SLPWSEAL".utf8) + [1, 0, 0, 0, 0, 0, 0, 0]
    static let saltSize = 32
    /// Magic and version (16 bytes) then the salt.
    public static let headerSize = 16 + saltSize

    private let masterKey: SymmetricKey
    /// Blob ciphers by salt: a blob read again (a hot object) does not derive its key, or expand it, again.
    private let ciphers = BoundedCache<[UInt8], SegmentCipher>(capacity: 4_096)

    /// Seals under `masterKey`, which must be 256 bits.
    public init(masterKey: SymmetricKey) {
        self.masterKey = masterKey
    }

    /// Seals under the 32 bytes of a key file; any other length is refused.
    public init(masterKeyBytes: [UInt8]) throws {
        guard masterKeyBytes.count == 32 else { throw BlobStoreError.io("a blob sealing key is 32 bytes, not \(masterKeyBytes.count)") }
        self.init(masterKey: SymmetricKey(data: masterKeyBytes))
    }

    /// A new random 256-bit master key's bytes, for a key file.
    public static func newMasterKey() -> [UInt8] {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
    }

    /// Whether the first bytes of a file are a sealed blob's header.
    static func isSealed(header: [UInt8]) -> Bool {
        header.count >= headerSize && Array(header[0..<magic.count]) == magic
    }

    /// A header with a fresh salt and the cipher it selects.
    func newHeader() throws -> (header: [UInt8], cipher: SegmentCipher) {
        let salt = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        return (Self.magic + salt, try SegmentCipher(key: blobKey(salt: salt)))
    }

    /// The cipher a header's salt selects.
    func cipher(forHeader header: [UInt8]) throws -> SegmentCipher {
        let salt = Array(header[Self.magic.count..<Self.headerSize])
        return try ciphers.value(for: salt) { try SegmentCipher(key: blobKey(salt: salt)) }
    }

    private func blobKey(salt: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey, salt: salt, info: Array("slipway blob v1".utf8), outputByteCount: 32)
    }

    /// How many segments and plaintext bytes a sealed file of `fileSize` bytes holds.
    static func layout(fileSize: Int) throws -> (segments: Int, plaintextSize: Int) {
        let body = fileSize - headerSize
        let full = body / sealedSegmentSize
        let remainder = body % sealedSegmentSize
        guard body >= tagSize, remainder == 0 || remainder >= tagSize else { throw BlobStoreError.io("sealed blob has a torn segment") }
        let segments = full + (remainder > 0 ? 1 : 0)
        return (segments, body - segments * tagSize)
    }
}

extension BlobSealing {
    /// The plaintext of a whole sealed blob held in memory; a blob without the sealed header is returned as it is.
    func unseal(_ blob: [UInt8]) throws -> [UInt8] {
        guard Self.isSealed(header: blob) else { return blob }
        let cipher = try cipher(forHeader: Array(blob[0..<Self.headerSize]))
        let layout = try Self.layout(fileSize: blob.count)
        // One byte more than needed, so an empty blob's buffer exists too (its one empty segment is still authenticated).
        return try [UInt8](unsafeUninitializedCapacity: layout.plaintextSize + 1) { plaintext, initialized in
            try blob.withUnsafeBytes { sealed in
                for segment in 0..<layout.segments {
                    let lower = Self.headerSize + segment * Self.sealedSegmentSize
                    let upper = min(lower + Self.sealedSegmentSize, blob.count)
                    try cipher.open(
                        UnsafeRawBufferPointer(rebasing: sealed[lower..<upper]), into: UnsafeMutableRawPointer(plaintext.baseAddress! + segment * Self.segmentSize),
                        segment: segment, last: segment == layout.segments - 1
                    )  // capacity is never zero
                }
            }
            initialized = layout.plaintextSize
        }
    }

    /// A whole plaintext sealed in memory, in the same format as a sealed file.
    func seal(_ plaintext: [UInt8]) throws -> [UInt8] {
        let (header, cipher) = try newHeader()
        let segments = max(1, (plaintext.count + Self.segmentSize - 1) / Self.segmentSize)
        let size = Self.headerSize + plaintext.count + segments * Self.tagSize
        return try [UInt8](unsafeUninitializedCapacity: size) { sealed, initialized in
            let base = UnsafeMutableRawPointer(sealed.baseAddress!)  // at least a header's worth of capacity
            base.copyMemory(from: header, byteCount: Self.headerSize)
            try plaintext.withUnsafeBytes { bytes in
                for segment in 0..<segments {
                    let lower = segment * Self.segmentSize
                    let upper = min(lower + Self.segmentSize, plaintext.count)
                    try cipher.seal(
                        UnsafeRawBufferPointer(rebasing: bytes[lower..<upper]), into: base + Self.headerSize + segment * Self.sealedSegmentSize,
                        segment: segment, last: segment == segments - 1
                    )
                }
            }
            initialized = size
        }
    }
}
