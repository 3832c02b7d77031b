import Foundation
import SigV4

/// A multipart upload's checksum as CreateMultipartUpload asked for it: the algorithm every part is checksummed with,
/// and whether the object's checksum is the checksum of the parts' checksums (`COMPOSITE`, answered with a `-N`
/// suffix) or the CRC of the whole object (`FULL_OBJECT`).
struct MultipartChecksum: Sendable, Hashable {
    enum Kind: String, Sendable {
        case composite = "COMPOSITE"
        case fullObject = "FULL_OBJECT"
    }

    let algorithm: ChecksumAlgorithm
    let kind: Kind

    /// What S3 names in the unsupported-algorithm error.
    static let supported = "[CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"

    /// The checksum `x-amz-checksum-algorithm` and `x-amz-checksum-type` ask for; nil when no algorithm is given.
    /// Each algorithm has its default kind (CRC64NVME full-object, the others composite); SHA digests cannot be
    /// full-object and CRC64NVME cannot be composite.
    static func requested(algorithm: String?, type: String?) throws -> MultipartChecksum? {
        guard let algorithm else {
            if type != nil {
                throw S3Error.invalidRequest("The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.")
            }
            return nil
        }
        if algorithm.contains(",") { throw S3Error.invalidRequest("Invalid types are specified in x-amz-checksum-algorithm header.") }
        guard let parsed = ChecksumAlgorithm(rawValue: algorithm.lowercased()) else {
            throw S3Error.invalidRequest("Checksum algorithm provided is unsupported. Please try again with any of the valid types: \(supported)")
        }
        let kind: Kind
        if let type {
            guard let given = Kind(rawValue: type.uppercased()) else { throw S3Error.invalidRequest("Value for x-amz-checksum-type header is invalid.") }
            kind = given
        } else {
            kind = parsed == .crc64nvme ? .fullObject : .composite
        }
        switch (parsed, kind) {
        case (.crc64nvme, .composite), (.sha1, .fullObject), (.sha256, .fullObject):
            throw S3Error.invalidRequest("The \(kind.rawValue) checksum type cannot be used with the \(parsed.rawValue) checksum algorithm.")
        default:
            return MultipartChecksum(algorithm: parsed, kind: kind)
        }
    }

    /// The algorithm a part is checksummed with (nil: none), given the upload's checksum and the one the part declares,
    /// or S3's error: a composite upload needs every part checksummed with its algorithm; a full-object one computes a
    /// part's checksum when the part declares none; an upload without a checksum verifies what a part declares.
    static func partAlgorithm(upload: MultipartChecksum?, declared: ChecksumAlgorithm?) throws -> ChecksumAlgorithm? {
        guard let upload else { return declared }
        if let declared, declared != upload.algorithm {
            throw S3Error.invalidRequest("Checksum Type mismatch occurred, expected checksum Type: \(upload.algorithm.rawValue), actual checksum Type: \(declared.rawValue)")
        }
        if declared == nil, upload.kind == .composite {
            throw S3Error.invalidRequest("Checksum Type mismatch occurred, expected checksum Type: \(upload.algorithm.rawValue), actual checksum Type: null")
        }
        return upload.algorithm
    }

    /// A composite checksum: the algorithm's digest of the parts' binary checksums in order, base64, then `-N`.
    func composite(of partChecksums: [String]) -> String {
        var accumulator = ChecksumAccumulator(algorithm)
        for checksum in partChecksums { accumulator.update(Array(Data(base64Encoded: checksum) ?? Data())) }
        return accumulator.base64Digest() + "-\(partChecksums.count)"
    }

    /// Checks the parts a completion lists against the parts kept, as S3 does after matching their ETags: an upload
    /// without a checksum takes no part checksums; a composite one needs each part's; a given one must match.
    static func checkParts(_ requested: [CompletedPart], kept: [Int: UploadedPart], upload: MultipartChecksum?) throws {
        for part in requested {
            let given = part.checksums
            guard let upload else {
                if !given.isEmpty { throw S3Error.invalidPart(part.partNumber) }
                continue
            }
            guard let own = given.first(where: { $0.algorithm == upload.algorithm }) else {
                if let other = given.first {
                    throw S3Error(
                        code: "BadDigest", message: "The \(other.algorithm.rawValue) you specified for part \(part.partNumber) did not match what we received.",
                        httpStatus: 400
                    )
                }
                if upload.kind == .composite {
                    throw S3Error.invalidRequest(
                        "The upload was created using a \(upload.algorithm.rawValue) checksum. The complete request must include the checksum for each part. It was missing for part \(part.partNumber) in the request."
                    )
                }
                continue
            }
            if given.count > 1 || Data(base64Encoded: own.value) == nil {
                let values = given.map { "\($0.algorithm.displayName):\($0.value);" }.joined()
                throw S3Error.invalidArgument("Invalid Base64 or multiple checksums present in request", name: "Checksum", value: values)
            }
            guard kept[part.partNumber]?.checksum == own.value else { throw S3Error.invalidPart(part.partNumber) }
        }
    }

    /// Checks the whole-object `x-amz-checksum-*` header a completion sent against the object's checksum, as S3 does:
    /// a composite one with or without its `-N`; a full-object CRC32 or CRC32C only with `x-amz-checksum-type:
    /// FULL_OBJECT`; another algorithm's never. An upload without a checksum ignores the header.
    func checkObjectHeader(_ header: (algorithm: ChecksumAlgorithm, value: String)?, typeHeader: String?, computed: String, parts: Int) throws {
        guard let header else { return }
        let mismatch = S3Error(code: "BadDigest", message: "The \(algorithm.rawValue) you specified did not match the calculated checksum.", httpStatus: 400)
        guard header.algorithm == algorithm else { throw mismatch }
        let invalid = S3Error.invalidRequest("Value for \(algorithm.headerName) header is invalid.")
        switch kind {
        case .composite:
            let pieces = header.value.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard let digest = pieces.first, Data(base64Encoded: String(digest)) != nil else { throw invalid }
            if pieces.count == 2 {
                guard let count = Int(pieces[1]) else { throw invalid }
                guard count == parts else { throw mismatch }
            }
            guard computed.hasPrefix(String(digest) + "-") else { throw mismatch }
        case .fullObject:
            guard Data(base64Encoded: header.value) != nil else { throw invalid }
            if algorithm != .crc64nvme, typeHeader?.uppercased() != Kind.fullObject.rawValue { throw mismatch }
            guard header.value == computed else { throw mismatch }
        }
    }
}
