import CCryptoBoringSSL
import Crypto

/// AES-256-GCM for one blob's segments, through BoringSSL's AEAD interface (the one swift-crypto wraps): the key is
/// expanded once per blob rather than per segment, and ciphertext and plaintext go straight to where the caller
/// wants them, where `AES.GCM` hands back new buffers that a large transfer then copied twice more.
///
/// Safe to use from several threads at once, as BoringSSL allows for one context.
final class SegmentCipher: @unchecked Sendable {
    private let context: UnsafeMutablePointer<EVP_AEAD_CTX>

    /// A cipher under `key`, which must be 256 bits.
    init(key: SymmetricKey) throws {
        context = .allocate(capacity: 1)
        let initialized = key.withUnsafeBytes { bytes in
            CCryptoBoringSSL_EVP_AEAD_CTX_init(
                context, CCryptoBoringSSL_EVP_aead_aes_256_gcm(), bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count,
                BlobSealing.tagSize, nil
            )
        }
        guard initialized == 1 else {
            context.deallocate()
            throw BlobStoreError.io("a blob key must be 256 bits")
        }
    }

    /// Encrypts `plaintext` into `output`, which must hold its length plus the tag: ciphertext, then tag.
    func seal(_ plaintext: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer, segment: Int, last: Bool) throws {
        var tagLength = 0
        let sealed = Self.withNonce(segment: segment, last: last) { nonce in
            CCryptoBoringSSL_EVP_AEAD_CTX_seal_scatter(
                context, output.assumingMemoryBound(to: UInt8.self),
                (output + plaintext.count).assumingMemoryBound(to: UInt8.self), &tagLength, BlobSealing.tagSize,
                nonce, 12, plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self), plaintext.count, nil, 0, nil, 0
            )
        }
        guard sealed == 1, tagLength == BlobSealing.tagSize else { throw BlobStoreError.io("sealing segment \(segment) failed") }
    }

    /// Decrypts one sealed segment (ciphertext then tag) into `output`, which must hold `sealed.count - tagSize`
    /// bytes and not overlap it; a tampered or misplaced segment throws.
    func open(_ sealed: UnsafeRawBufferPointer, into output: UnsafeMutableRawPointer, segment: Int, last: Bool) throws {
        guard sealed.count >= BlobSealing.tagSize, let base = sealed.baseAddress else {
            throw BlobStoreError.io("sealed segment \(segment) is truncated")
        }
        let length = sealed.count - BlobSealing.tagSize
        let opened = Self.withNonce(segment: segment, last: last) { nonce in
            CCryptoBoringSSL_EVP_AEAD_CTX_open_gather(
                context, output.assumingMemoryBound(to: UInt8.self), nonce, 12, base.assumingMemoryBound(to: UInt8.self), length,
                (base + length).assumingMemoryBound(to: UInt8.self), BlobSealing.tagSize, nil, 0
            )
        }
        guard opened == 1 else { throw BlobStoreError.io("sealed segment \(segment) failed authentication") }
    }

    /// The STREAM nonce of a segment: its index, big-endian, in bytes 3...10, and 1 in byte 11 on the last one.
    private static func withNonce<Result>(segment: Int, last: Bool, _ body: (UnsafePointer<UInt8>) -> Result) -> Result {
        var nonce: (UInt64, UInt32) = (0, 0)
        return withUnsafeMutableBytes(of: &nonce) { bytes in
            let index = UInt64(segment)
            for offset in 0..<8 { bytes[3 + offset] = UInt8(truncatingIfNeeded: index >> (56 - 8 * UInt64(offset))) }
            bytes[11] = last ? 1 : 0
            return body(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self))  // a 12-byte tuple's storage
        }
    }

    deinit {
        CCryptoBoringSSL_EVP_AEAD_CTX_cleanup(context)
        context.deallocate()
    }
}
