import Crypto
import Foundation

/// Hex encoding and the digests SigV4 writes in hex.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func sha256<D: DataProtocol>(_ bytes: D) -> String {
        encode(Array(SHA256.hash(data: bytes)))
    }

    static func sha256(_ string: String) -> String {
        sha256(Array(string.utf8))
    }

    /// The SHA-256 of an empty payload, which SigV4 writes for bodiless requests and in every chunk string to sign.
    static let emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Compares without an early exit, so the time taken says nothing about how much of a signature was right.
    static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices {
            difference |= left[index] ^ right[index]
        }
        return difference == 0
    }
}
