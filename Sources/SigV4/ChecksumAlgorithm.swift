import Foundation

/// Checksums S3 accepts in `x-amz-checksum-*` headers and trailers.
public enum ChecksumAlgorithm: String, Sendable, CaseIterable {
    case crc32, crc32c, crc64nvme, sha1, sha256

    /// The digest, big-endian for the CRCs, as S3 base64-encodes it.
    public func digest(_ bytes: [UInt8]) -> [UInt8] {
        var accumulator = ChecksumAccumulator(self)
        accumulator.update(bytes)
        return accumulator.finalize()
    }

    public func base64Digest(_ bytes: [UInt8]) -> String {
        Data(digest(bytes)).base64EncodedString()
    }

    /// The header or trailer that carries this checksum: `x-amz-checksum-crc32`, ...
    public var headerName: String { "x-amz-checksum-" + rawValue }

    /// The algorithm named by an `x-amz-checksum-*` header or trailer name, in any case.
    public init?(headerName: String) {
        let name = ASCII.lowercased(headerName)
        guard name.hasPrefix("x-amz-checksum-") else { return nil }
        self.init(rawValue: String(name.dropFirst("x-amz-checksum-".count)))
    }

    /// The name S3 uses in messages, such as "The CRC32 you specified did not match the calculated checksum."
    public var displayName: String { rawValue.uppercased() }
}
