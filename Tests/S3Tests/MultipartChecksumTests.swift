import BlobStore
import Foundation
@testable import S3
import SigV4
import Testing

/// The multipart checksum rules S3 follows: what CreateMultipartUpload may ask, which checksum each part needs, and
/// how a completion's parts and whole-object header are checked.
@Suite struct MultipartChecksumTests {
    func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as S3Error {
            return "\(error.code): \(error.message)"
        } catch {
            return "\(error)"
        }
    }

    @Test func eachAlgorithmHasItsDefaultKindAndItsForbiddenOne() throws {
        #expect(try MultipartChecksum.requested(algorithm: nil, type: nil) == nil)
        #expect(try MultipartChecksum.requested(algorithm: "CRC32", type: nil) == MultipartChecksum(algorithm: .crc32, kind: .composite))
        #expect(try MultipartChecksum.requested(algorithm: "crc64nvme", type: nil) == MultipartChecksum(algorithm: .crc64nvme, kind: .fullObject))
        #expect(try MultipartChecksum.requested(algorithm: "CRC32C", type: "FULL_OBJECT") == MultipartChecksum(algorithm: .crc32c, kind: .fullObject))
        #expect(refusal { _ = try MultipartChecksum.requested(algorithm: "CRC64NVME", type: "COMPOSITE") }
            == "InvalidRequest: The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.")
        #expect(refusal { _ = try MultipartChecksum.requested(algorithm: "SHA1", type: "FULL_OBJECT") }
            == "InvalidRequest: The FULL_OBJECT checksum type cannot be used with the sha1 checksum algorithm.")
        #expect(refusal { _ = try MultipartChecksum.requested(algorithm: nil, type: "COMPOSITE") }?.contains("can only be used with the x-amz-checksum-algorithm header") == true)
        #expect(refusal { _ = try MultipartChecksum.requested(algorithm: "MD4", type: nil) }?.contains("Checksum algorithm provided is unsupported") == true)
        #expect(refusal { _ = try MultipartChecksum.requested(algorithm: "CRC32", type: "PARTIAL") } == "InvalidRequest: Value for x-amz-checksum-type header is invalid.")
    }

    @Test func partsUseTheUploadsAlgorithmAndOnlyFullObjectUploadsComputeAMissingOne() throws {
        let composite = MultipartChecksum(algorithm: .sha256, kind: .composite)
        let full = MultipartChecksum(algorithm: .crc64nvme, kind: .fullObject)
        #expect(try MultipartChecksum.partAlgorithm(upload: composite, declared: .sha256) == .sha256)
        #expect(try MultipartChecksum.partAlgorithm(upload: full, declared: nil) == .crc64nvme)
        #expect(try MultipartChecksum.partAlgorithm(upload: nil, declared: .crc32) == .crc32)
        #expect(try MultipartChecksum.partAlgorithm(upload: nil, declared: nil) == nil)
        #expect(refusal { _ = try MultipartChecksum.partAlgorithm(upload: composite, declared: .crc32) }
            == "InvalidRequest: Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: crc32")
        #expect(refusal { _ = try MultipartChecksum.partAlgorithm(upload: composite, declared: nil) }
            == "InvalidRequest: Checksum Type mismatch occurred, expected checksum Type: sha256, actual checksum Type: null")
    }

    @Test func aCompositeIsTheDigestOfThePartDigestsWithTheirCount() {
        let parts: [[UInt8]] = [Array("first".utf8), Array("second".utf8)]
        let checksum = MultipartChecksum(algorithm: .sha256, kind: .composite)
        let digests = parts.map { ChecksumAlgorithm.sha256.digest($0) }
        #expect(checksum.composite(of: digests.map { Data($0).base64EncodedString() }) == ChecksumAlgorithm.sha256.base64Digest(digests.flatMap { $0 }) + "-2")
    }

    @Test func completionsListEachPartsChecksumAsTheUploadNeedsIt() throws {
        let blob = try #require(BlobID(String(repeating: "a", count: 32)))
        let kept = [1: UploadedPart(number: 1, blobID: blob, size: 1, md5Hex: "aa", created: Date(), checksum: "AAAAAA==")]
        func part(_ members: ChecksumMembers) -> CompletedPart {
            CompletedPart(
                partNumber: 1, etag: "aa", checksumCRC32: members.crc32, checksumCRC32C: members.crc32c, checksumCRC64NVME: members.crc64nvme,
                checksumSHA1: members.sha1, checksumSHA256: members.sha256
            )
        }
        let composite = MultipartChecksum(algorithm: .crc32, kind: .composite)
        let full = MultipartChecksum(algorithm: .crc32, kind: .fullObject)
        try MultipartChecksum.checkParts([part(ChecksumMembers(.crc32, "AAAAAA=="))], kept: kept, upload: composite)
        try MultipartChecksum.checkParts([part(ChecksumMembers())], kept: kept, upload: full)
        try MultipartChecksum.checkParts([part(ChecksumMembers())], kept: kept, upload: nil)
        #expect(refusal { try MultipartChecksum.checkParts([part(ChecksumMembers())], kept: kept, upload: composite) }?
            .hasSuffix("It was missing for part 1 in the request.") == true)
        #expect(refusal { try MultipartChecksum.checkParts([part(ChecksumMembers(.crc32, "BBBBBB=="))], kept: kept, upload: composite) }?.hasPrefix("InvalidPart") == true)
        #expect(refusal { try MultipartChecksum.checkParts([part(ChecksumMembers(.crc32, "AAAAAA=="))], kept: kept, upload: nil) }?.hasPrefix("InvalidPart") == true)
        #expect(refusal { try MultipartChecksum.checkParts([part(ChecksumMembers(.sha256, "AAAAAA=="))], kept: kept, upload: composite) }
            == "BadDigest: The sha256 you specified for part 1 did not match what we received.")
    }

    @Test func aWholeObjectHeaderMustMatchInTheUploadsOwnTerms() throws {
        let composite = MultipartChecksum(algorithm: .crc32, kind: .composite)
        try composite.checkObjectHeader((.crc32, "AAAAAA=="), typeHeader: nil, computed: "AAAAAA==-3", parts: 3)
        try composite.checkObjectHeader((.crc32, "AAAAAA==-3"), typeHeader: nil, computed: "AAAAAA==-3", parts: 3)
        try composite.checkObjectHeader(nil, typeHeader: nil, computed: "AAAAAA==-3", parts: 3)
        #expect(refusal { try composite.checkObjectHeader((.crc32, "AAAAAA==-2"), typeHeader: nil, computed: "AAAAAA==-3", parts: 3) }?.hasPrefix("BadDigest") == true)
        #expect(refusal { try composite.checkObjectHeader((.crc32, "AAAAAA==-a"), typeHeader: nil, computed: "AAAAAA==-3", parts: 3) }
            == "InvalidRequest: Value for x-amz-checksum-crc32 header is invalid.")
        #expect(refusal { try composite.checkObjectHeader((.crc32c, "AAAAAA=="), typeHeader: nil, computed: "AAAAAA==-3", parts: 3) }
            == "BadDigest: The crc32 you specified did not match the calculated checksum.")
        let full = MultipartChecksum(algorithm: .crc32, kind: .fullObject)
        try full.checkObjectHeader((.crc32, "AAAAAA=="), typeHeader: "FULL_OBJECT", computed: "AAAAAA==", parts: 3)
        // A full-object CRC32 header counts only with x-amz-checksum-type: FULL_OBJECT; CRC64NVME needs none.
        #expect(refusal { try full.checkObjectHeader((.crc32, "AAAAAA=="), typeHeader: nil, computed: "AAAAAA==", parts: 3) }?.hasPrefix("BadDigest") == true)
        try MultipartChecksum(algorithm: .crc64nvme, kind: .fullObject).checkObjectHeader((.crc64nvme, "AAAAAAAAAAA="), typeHeader: nil, computed: "AAAAAAAAAAA=", parts: 2)
    }
}
