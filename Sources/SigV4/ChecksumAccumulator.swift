import Crypto
import Foundation

/// A checksum computed incrementally over a body that arrives in pieces.
public struct ChecksumAccumulator: Sendable {
    private enum State: Sendable {
        case crc32(UInt32)
        case crc32c(UInt32)
        case crc64nvme(UInt64)
        case sha1(SendableHasher<Insecure.SHA1>)
        case sha256(SendableHasher<SHA256>)
    }

    public let algorithm: ChecksumAlgorithm
    private var state: State

    public init(_ algorithm: ChecksumAlgorithm) {
        self.algorithm = algorithm
        switch algorithm {
        case .crc32: state = .crc32(0xFFFF_FFFF)
        case .crc32c: state = .crc32c(0xFFFF_FFFF)
        case .crc64nvme: state = .crc64nvme(0xFFFF_FFFF_FFFF_FFFF)
        case .sha1: state = .sha1(SendableHasher())
        case .sha256: state = .sha256(SendableHasher())
        }
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    public mutating func update(_ bytes: ArraySlice<UInt8>) {
        bytes.withUnsafeBytes { update($0) }
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        switch state {
        case .crc32(let crc): state = .crc32(CRC32Engine.crc32.update(crc, bytes))
        case .crc32c(let crc): state = .crc32c(CRC32Engine.crc32c.update(crc, bytes))
        case .crc64nvme(let crc): state = .crc64nvme(CRC64Engine.nvme.update(crc, bytes))
        case .sha1(var hasher):
            // Drop the enum's copy first so the hash context is updated in place rather than copied.
            state = .crc32(0)
            hasher.update(bytes)
            state = .sha1(hasher)
        case .sha256(var hasher):
            state = .crc32(0)
            hasher.update(bytes)
            state = .sha256(hasher)
        }
    }

    /// The digest so far, big-endian for the CRCs; the accumulator can keep going afterwards.
    public func finalize() -> [UInt8] {
        switch state {
        case .crc32(let crc), .crc32c(let crc):
            return withUnsafeBytes(of: (~crc).bigEndian) { Array($0) }
        case .crc64nvme(let crc):
            return withUnsafeBytes(of: (~crc).bigEndian) { Array($0) }
        case .sha1(let hasher):
            return hasher.finalize()
        case .sha256(let hasher):
            return hasher.finalize()
        }
    }

    public func base64Digest() -> String {
        Data(finalize()).base64EncodedString()
    }
}
