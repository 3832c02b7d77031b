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
    /// Blob keys by salt: a blob read again (a hot object) does not derive its key again.
    private let blobKeys = BoundedCache<[UInt8], SymmetricKey>(capacity: 4_096)

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

    /// A header with a fresh salt and the key it selects.
    func newHeader() -> (header: [UInt8], key: SymmetricKey) {
        let salt = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
        return (Self.magic + salt, blobKey(salt: salt))
    }

    /// The key a header's salt selects.
    func key(forHeader header: [UInt8]) -> SymmetricKey {
        let salt = Array(header[Self.magic.count..<Self.headerSize])
        return blobKeys.value(for: salt) { blobKey(salt: salt) }
    }

    private func blobKey(salt: [UInt8]) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey, salt: salt, info: Array("slipway blob v1".utf8), outputByteCount: 32)
    }

    static func nonce(segment: Int, last: Bool) -> AES.GCM.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        var index = UInt64(segment).bigEndian
        withUnsafeBytes(of: &index) { for (offset, byte) in $0.enumerated() { bytes[3 + offset] = byte } }
        bytes[11] = last ? 1 : 0
        return try! AES.GCM.Nonce(data: bytes)  // 12 bytes is GCM's nonce size by construction
    }

    /// Appends the ciphertext and tag of one segment to `output`.
    static func seal(_ plaintext: some DataProtocol, key: SymmetricKey, segment: Int, last: Bool, into output: inout [UInt8]) throws {
        let box = try AES.GCM.seal(plaintext, using: key, nonce: nonce(segment: segment, last: last))
        output.append(contentsOf: box.ciphertext)
        output.append(contentsOf: box.tag)
    }

    /// The plaintext of one sealed segment; a tampered or misplaced segment throws.
    static func open(_ sealed: ArraySlice<UInt8>, key: SymmetricKey, segment: Int, last: Bool) throws -> Data {
        guard sealed.count >= tagSize else { throw BlobStoreError.io("sealed segment \(segment) is truncated") }
        let split = sealed.endIndex - tagSize
        do {
            let box = try AES.GCM.SealedBox(nonce: nonce(segment: segment, last: last), ciphertext: sealed[sealed.startIndex..<split], tag: sealed[split...])
            return try AES.GCM.open(box, using: key)
        } catch {
            throw BlobStoreError.io("sealed segment \(segment) failed authentication")
        }
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
        let key = key(forHeader: Array(blob[0..<Self.headerSize]))
        let layout = try Self.layout(fileSize: blob.count)
        var plaintext: [UInt8] = []
        plaintext.reserveCapacity(layout.plaintextSize)
        for segment in 0..<layout.segments {
            let lower = Self.headerSize + segment * Self.sealedSegmentSize
            let upper = min(lower + Self.sealedSegmentSize, blob.count)
            plaintext += try Self.open(blob[lower..<upper], key: key, segment: segment, last: segment == layout.segments - 1)
        }
        return plaintext
    }

    /// A whole plaintext sealed in memory, in the same format as a sealed file.
    func seal(_ plaintext: [UInt8]) throws -> [UInt8] {
        let (header, key) = newHeader()
        var sealer = SegmentSealer(key: key)
        var sealed = header
        try sealer.append(plaintext, into: &sealed)
        try sealer.finish(into: &sealed)
        return sealed
    }
}

/// Collects plaintext into segments and seals each as it fills; the last one is sealed by `finish`.
struct SegmentSealer {
    private let key: SymmetricKey
    private var pending: [UInt8] = []
    private var segment = 0

    init(key: SymmetricKey) {
        self.key = key
        pending.reserveCapacity(BlobSealing.segmentSize)
    }

    /// Appends to `output` the sealed segments `bytes` complete (never the last one: more may follow).
    mutating func append(_ bytes: [UInt8], into output: inout [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            // A full segment is sealed only once more bytes arrive, since it might be the last.
            if pending.count == BlobSealing.segmentSize {
                try BlobSealing.seal(pending, key: key, segment: segment, last: false, into: &output)
                segment += 1
                pending.removeAll(keepingCapacity: true)
            }
            let take = min(BlobSealing.segmentSize - pending.count, bytes.count - offset)
            pending.append(contentsOf: bytes[offset..<offset + take])
            offset += take
        }
    }

    /// Appends the last segment (possibly empty), sealed as last.
    mutating func finish(into output: inout [UInt8]) throws {
        defer { pending.removeAll() }
        try BlobSealing.seal(pending, key: key, segment: segment, last: true, into: &output)
    }
}
