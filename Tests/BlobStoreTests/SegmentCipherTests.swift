@testable import BlobStore
import Crypto
import Foundation
import Testing

/// The segment cipher writes exactly what swift-crypto's AES-GCM writes with the STREAM nonce, so blobs sealed
/// before it (and after) open either way, and a wrong place or flag is refused.
@Suite struct SegmentCipherTests {
    static func nonce(segment: Int, last: Bool) throws -> AES.GCM.Nonce {
        var bytes = [UInt8](repeating: 0, count: 12)
        for offset in 0..<8 { bytes[3 + offset] = UInt8(truncatingIfNeeded: UInt64(segment) >> (56 - 8 * UInt64(offset))) }
        bytes[11] = last ? 1 : 0
        return try AES.GCM.Nonce(data: bytes)
    }

    @Test(arguments: [(0, false, 0), (1, false, 65_536), (0x0102_0304_0506, true, 1_000)])
    func sealsAsAESGCMDoesAndOpensItsOutput(segment: Int, last: Bool, size: Int) throws {
        let key = SymmetricKey(size: .bits256)
        let plaintext = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let cipher = try SegmentCipher(key: key)
        var sealed = [UInt8](repeating: 0, count: size + 16)
        try plaintext.withUnsafeBytes { input in
            try sealed.withUnsafeMutableBytes { try cipher.seal(input, into: $0.baseAddress!, segment: segment, last: last) }
        }
        let box = try AES.GCM.seal(plaintext, using: key, nonce: Self.nonce(segment: segment, last: last))
        #expect(sealed == Array(box.ciphertext) + Array(box.tag))

        var opened = [UInt8](repeating: 0, count: size + 1)
        try sealed.withUnsafeBytes { input in
            try opened.withUnsafeMutableBytes { try cipher.open(input, into: $0.baseAddress!, segment: segment, last: last) }
        }
        #expect(Array(opened.prefix(size)) == plaintext)
    }

    @Test func anotherPlaceFlagOrTagIsRefused() throws {
        let cipher = try SegmentCipher(key: SymmetricKey(size: .bits256))
        let plaintext = [UInt8](repeating: 7, count: 100)
        var sealed = [UInt8](repeating: 0, count: 116)
        try plaintext.withUnsafeBytes { input in
            try sealed.withUnsafeMutableBytes { try cipher.seal(input, into: $0.baseAddress!, segment: 3, last: false) }
        }
        var output = [UInt8](repeating: 0, count: 100)
        func open(_ bytes: [UInt8], segment: Int, last: Bool) throws {
            try bytes.withUnsafeBytes { input in
                try output.withUnsafeMutableBytes { try cipher.open(input, into: $0.baseAddress!, segment: segment, last: last) }
            }
        }
        #expect(throws: BlobStoreError.self) { try open(sealed, segment: 4, last: false) }
        #expect(throws: BlobStoreError.self) { try open(sealed, segment: 3, last: true) }
        var tampered = sealed
        tampered[115] ^= 1
        #expect(throws: BlobStoreError.self) { try open(tampered, segment: 3, last: false) }
        #expect(throws: BlobStoreError.self) { try open(Array(sealed.prefix(10)), segment: 3, last: false) }
        try open(sealed, segment: 3, last: false)
        #expect(output == plaintext)
    }
}
