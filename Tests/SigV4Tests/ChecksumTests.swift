import SigV4
import Testing

/// The checksum algorithms against their published check values.
@Suite struct ChecksumTests {
    static let check = Array("123456789".utf8)

    @Test func crcCheckValues() {
        #expect(TestSupport.hex(ChecksumAlgorithm.crc32.digest(Self.check)) == "cbf43926")
        #expect(TestSupport.hex(ChecksumAlgorithm.crc32c.digest(Self.check)) == "e3069283")
        #expect(TestSupport.hex(ChecksumAlgorithm.crc64nvme.digest(Self.check)) == "ae8b14860a799888")
    }

    @Test func shaKnownValues() {
        let abc = Array("abc".utf8)
        #expect(TestSupport.hex(ChecksumAlgorithm.sha1.digest(abc)) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(TestSupport.hex(ChecksumAlgorithm.sha256.digest(abc)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(TestSupport.hex(ChecksumAlgorithm.sha1.digest([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }

    @Test func emptyInput() {
        #expect(TestSupport.hex(ChecksumAlgorithm.crc32.digest([])) == "00000000")
        #expect(TestSupport.hex(ChecksumAlgorithm.crc32c.digest([])) == "00000000")
        #expect(TestSupport.hex(ChecksumAlgorithm.crc64nvme.digest([])) == "0000000000000000")
    }

    /// Base64 of the big-endian digest, as S3 sends it: AWS's streaming example gives `sOO8/Q==` for 66560 `a`s.
    @Test func base64AsS3WritesIt() {
        #expect(ChecksumAlgorithm.crc32c.base64Digest([UInt8](repeating: UInt8(ascii: "a"), count: 66_560)) == "sOO8/Q==")
        #expect(ChecksumAlgorithm.crc32.base64Digest(Array("abc".utf8)) == "NSRBwg==")
        #expect(ChecksumAlgorithm.sha256.base64Digest([]) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    }

    /// Fed in uneven pieces (which exercises both the eight-byte and the byte-at-a-time paths), every algorithm
    /// must give what it gives in one go.
    @Test(arguments: ChecksumAlgorithm.allCases)
    func incrementalMatchesOneShot(_ algorithm: ChecksumAlgorithm) {
        let data = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }
        let whole = algorithm.digest(data)
        for step in [1, 3, 7, 8, 9, 1_000] {
            var accumulator = ChecksumAccumulator(algorithm)
            var start = 0
            while start < data.count {
                let end = min(data.count, start + step)
                accumulator.update(data[start..<end])
                start = end
            }
            #expect(accumulator.finalize() == whole, "step \(step)")
        }
    }

    @Test func headerNames() {
        #expect(ChecksumAlgorithm(headerName: "X-Amz-Checksum-CRC64NVME") == .crc64nvme)
        #expect(ChecksumAlgorithm(headerName: "x-amz-checksum-md5") == nil)
        #expect(ChecksumAlgorithm(headerName: "content-md5") == nil)
        #expect(ChecksumAlgorithm.crc32c.headerName == "x-amz-checksum-crc32c")
    }
}
