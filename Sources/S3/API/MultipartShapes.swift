import Foundation
import SigV4
import Wire

struct CreateMultipartUploadInput: WireShape {
    var bucket: String
    var key: String
    var contentType: String?
    var contentEncoding: String?
    var contentDisposition: String?
    var cacheControl: String?
    var metadata: [String: String]?
    var tagging: String?
    var serverSideEncryption: String?
    var sseKMSKeyID: String?
    var sseCustomerAlgorithm: String?
    var checksumAlgorithm: String?
    var checksumType: String?
    static let bindings: [String: WireBinding] = [
        "x-amz-checksum-algorithm": .header("x-amz-checksum-algorithm"), "x-amz-checksum-type": .header("x-amz-checksum-type"),
        "Bucket": .uri("Bucket"), "Key": .uri("Key+"), "Content-Type": .header("Content-Type"), "Content-Encoding": .header("Content-Encoding"),
        "Content-Disposition": .header("Content-Disposition"), "Cache-Control": .header("Cache-Control"),
        "Metadata": .headerPrefix("x-amz-meta-"), "x-amz-tagging": .header("x-amz-tagging"),
        "x-amz-server-side-encryption": .header("x-amz-server-side-encryption"),
        "x-amz-server-side-encryption-aws-kms-key-id": .header("x-amz-server-side-encryption-aws-kms-key-id"),
        "x-amz-server-side-encryption-customer-algorithm": .header("x-amz-server-side-encryption-customer-algorithm"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", contentType = "Content-Type", contentEncoding = "Content-Encoding"
        case contentDisposition = "Content-Disposition", cacheControl = "Cache-Control", metadata = "Metadata", tagging = "x-amz-tagging"
        case serverSideEncryption = "x-amz-server-side-encryption", sseKMSKeyID = "x-amz-server-side-encryption-aws-kms-key-id"
        case sseCustomerAlgorithm = "x-amz-server-side-encryption-customer-algorithm"
        case checksumAlgorithm = "x-amz-checksum-algorithm", checksumType = "x-amz-checksum-type"
    }
}

struct InitiateMultipartUploadResult: WireShape {
    var bucket: String
    var key: String
    var uploadID: String
    var serverSideEncryption: String?
    var checksumAlgorithm: String?
    var checksumType: String?
    static let xmlRootName: String? = "InitiateMultipartUploadResult"
    static let bindings: [String: WireBinding] = [
        "x-amz-server-side-encryption": .header("x-amz-server-side-encryption"), "x-amz-checksum-algorithm": .header("x-amz-checksum-algorithm"),
        "x-amz-checksum-type": .header("x-amz-checksum-type"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", uploadID = "UploadId", serverSideEncryption = "x-amz-server-side-encryption"
        case checksumAlgorithm = "x-amz-checksum-algorithm", checksumType = "x-amz-checksum-type"
    }
}

struct UploadPartInput: WireShape {
    var bucket: String
    var key: String
    var partNumber: Int
    var uploadID: String
    var body: ByteStream?
    var contentMD5: String?
    var copySource: String?
    var copySourceRange: String?
    var checksumCRC32: String?
    var checksumCRC32C: String?
    var checksumCRC64NVME: String?
    var checksumSHA1: String?
    var checksumSHA256: String?
    var sdkChecksumAlgorithm: String?
    var trailer: String?
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Key": .uri("Key+"), "partNumber": .query("partNumber"), "uploadId": .query("uploadId"),
        "Body": .payload, "Content-MD5": .header("Content-MD5"), "x-amz-copy-source": .header("x-amz-copy-source"),
        "x-amz-copy-source-range": .header("x-amz-copy-source-range"),
        "x-amz-checksum-crc32": .header("x-amz-checksum-crc32"), "x-amz-checksum-crc32c": .header("x-amz-checksum-crc32c"),
        "x-amz-checksum-crc64nvme": .header("x-amz-checksum-crc64nvme"), "x-amz-checksum-sha1": .header("x-amz-checksum-sha1"),
        "x-amz-checksum-sha256": .header("x-amz-checksum-sha256"), "x-amz-sdk-checksum-algorithm": .header("x-amz-sdk-checksum-algorithm"),
        "x-amz-trailer": .header("x-amz-trailer"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", partNumber = "partNumber", uploadID = "uploadId", body = "Body", contentMD5 = "Content-MD5"
        case copySource = "x-amz-copy-source", copySourceRange = "x-amz-copy-source-range"
        case checksumCRC32 = "x-amz-checksum-crc32", checksumCRC32C = "x-amz-checksum-crc32c", checksumCRC64NVME = "x-amz-checksum-crc64nvme"
        case checksumSHA1 = "x-amz-checksum-sha1", checksumSHA256 = "x-amz-checksum-sha256"
        case sdkChecksumAlgorithm = "x-amz-sdk-checksum-algorithm", trailer = "x-amz-trailer"
    }

    /// The checksum headers the part was sent with, as (algorithm, base64 value).
    var declaredChecksums: [(algorithm: ChecksumAlgorithm, value: String)] {
        ChecksumMembers(crc32: checksumCRC32, crc32c: checksumCRC32C, crc64nvme: checksumCRC64NVME, sha1: checksumSHA1, sha256: checksumSHA256).given
    }
}

/// UploadPart's answer (an ETag header) or, for UploadPartCopy, a `CopyPartResult` body: they share a route.
struct UploadPartOutput: WireShape {
    var etag: String?
    var copyResult: CopyPartResult?
    var serverSideEncryption: String?
    /// The part's checksum, `{algorithm: base64}`, as `x-amz-checksum-<algorithm>` (UploadPart only).
    var checksum: [String: String]?
    static let bindings: [String: WireBinding] = [
        "ETag": .header("ETag"), "CopyPartResult": .payload, "x-amz-server-side-encryption": .header("x-amz-server-side-encryption"),
        "Checksum": .headerPrefix("x-amz-checksum-"),
    ]
    enum CodingKeys: String, CodingKey {
        case etag = "ETag", copyResult = "CopyPartResult", serverSideEncryption = "x-amz-server-side-encryption", checksum = "Checksum"
    }
}

struct CopyPartResult: WireShape {
    var etag: String
    var lastModified: Date
    var checksums = ChecksumMembers()
    static let xmlRootName: String? = "CopyPartResult"
    enum CodingKeys: String, CodingKey { case etag = "ETag", lastModified = "LastModified" }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(etag, forKey: .etag)
        try container.encode(lastModified, forKey: .lastModified)
        try checksums.encode(to: encoder)
    }
}

/// The `Checksum<ALGORITHM>` (and `ChecksumType`) members S3's XML answers carry; absent ones are left out.
struct ChecksumMembers: Codable, Sendable, Hashable {
    var crc32: String?
    var crc32c: String?
    var crc64nvme: String?
    var sha1: String?
    var sha256: String?
    var type: String?
    enum CodingKeys: String, CodingKey {
        case crc32 = "ChecksumCRC32", crc32c = "ChecksumCRC32C", crc64nvme = "ChecksumCRC64NVME", sha1 = "ChecksumSHA1", sha256 = "ChecksumSHA256"
        case type = "ChecksumType"
    }
}

extension ChecksumMembers {
    /// The member for `algorithm` set to `value`, with the checksum type.
    init(_ algorithm: ChecksumAlgorithm?, _ value: String?, type: String? = nil) {
        switch algorithm {
        case .crc32: crc32 = value
        case .crc32c: crc32c = value
        case .crc64nvme: crc64nvme = value
        case .sha1: sha1 = value
        case .sha256: sha256 = value
        case nil: break
        }
        self.type = type
    }

    /// Those given, as (algorithm, value).
    var given: [(algorithm: ChecksumAlgorithm, value: String)] {
        let all: [(ChecksumAlgorithm, String?)] = [(.crc32, crc32), (.crc32c, crc32c), (.crc64nvme, crc64nvme), (.sha1, sha1), (.sha256, sha256)]
        return all.compactMap { algorithm, value in value.map { (algorithm, $0) } }
    }
}

struct UploadInput: WireShape {
    var bucket: String
    var key: String
    var uploadID: String
    var maxParts: Int?
    var partNumberMarker: Int?
    var multipart: CompletedMultipartUpload?
    /// CompleteMultipartUpload's `x-amz-checksum-type` and whole-object checksum headers.
    var checksumType: String?
    var checksumCRC32: String?
    var checksumCRC32C: String?
    var checksumCRC64NVME: String?
    var checksumSHA1: String?
    var checksumSHA256: String?
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Key": .uri("Key+"), "uploadId": .query("uploadId"), "max-parts": .query("max-parts"),
        "part-number-marker": .query("part-number-marker"), "CompleteMultipartUpload": .payload, "x-amz-checksum-type": .header("x-amz-checksum-type"),
        "x-amz-checksum-crc32": .header("x-amz-checksum-crc32"), "x-amz-checksum-crc32c": .header("x-amz-checksum-crc32c"),
        "x-amz-checksum-crc64nvme": .header("x-amz-checksum-crc64nvme"), "x-amz-checksum-sha1": .header("x-amz-checksum-sha1"),
        "x-amz-checksum-sha256": .header("x-amz-checksum-sha256"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", uploadID = "uploadId", maxParts = "max-parts", partNumberMarker = "part-number-marker"
        case multipart = "CompleteMultipartUpload", checksumType = "x-amz-checksum-type"
        case checksumCRC32 = "x-amz-checksum-crc32", checksumCRC32C = "x-amz-checksum-crc32c", checksumCRC64NVME = "x-amz-checksum-crc64nvme"
        case checksumSHA1 = "x-amz-checksum-sha1", checksumSHA256 = "x-amz-checksum-sha256"
    }

    /// The whole-object checksum header a completion sent, if any.
    var objectChecksum: (algorithm: ChecksumAlgorithm, value: String)? {
        ChecksumMembers(crc32: checksumCRC32, crc32c: checksumCRC32C, crc64nvme: checksumCRC64NVME, sha1: checksumSHA1, sha256: checksumSHA256).given.first
    }
}

struct CompletedMultipartUpload: WireShape {
    var parts: [CompletedPart]?
    static let xmlRootName: String? = "CompleteMultipartUpload"
    static let xmlFlattenedLists: Set<String> = ["Part"]
    enum CodingKeys: String, CodingKey { case parts = "Part" }
}

struct CompletedPart: Codable, Sendable {
    var partNumber: Int
    var etag: String
    var checksumCRC32: String?
    var checksumCRC32C: String?
    var checksumCRC64NVME: String?
    var checksumSHA1: String?
    var checksumSHA256: String?
    enum CodingKeys: String, CodingKey {
        case partNumber = "PartNumber", etag = "ETag", checksumCRC32 = "ChecksumCRC32", checksumCRC32C = "ChecksumCRC32C"
        case checksumCRC64NVME = "ChecksumCRC64NVME", checksumSHA1 = "ChecksumSHA1", checksumSHA256 = "ChecksumSHA256"
    }

    /// The part checksums the completion lists, as (algorithm, base64 value).
    var checksums: [(algorithm: ChecksumAlgorithm, value: String)] {
        ChecksumMembers(crc32: checksumCRC32, crc32c: checksumCRC32C, crc64nvme: checksumCRC64NVME, sha1: checksumSHA1, sha256: checksumSHA256).given
    }
}

/// CompleteMultipartUpload's answer; kept as JSON with a completed upload, so a repeated completion gets it again.
struct CompleteMultipartUploadOutput: WireShape, Codable {
    var location: String
    var bucket: String
    var key: String
    var etag: String
    var versionID: String?
    var serverSideEncryption: String?
    var checksums = ChecksumMembers()
    static let xmlRootName: String? = "CompleteMultipartUploadResult"
    static let bindings: [String: WireBinding] = [
        "x-amz-version-id": .header("x-amz-version-id"), "x-amz-server-side-encryption": .header("x-amz-server-side-encryption"),
    ]
    enum CodingKeys: String, CodingKey {
        case location = "Location", bucket = "Bucket", key = "Key", etag = "ETag", versionID = "x-amz-version-id"
        case serverSideEncryption = "x-amz-server-side-encryption"
    }

    init(location: String, bucket: String, key: String, etag: String, versionID: String?, serverSideEncryption: String?, checksums: ChecksumMembers) {
        self.location = location
        self.bucket = bucket
        self.key = key
        self.etag = etag
        self.versionID = versionID
        self.serverSideEncryption = serverSideEncryption
        self.checksums = checksums
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        location = try container.decode(String.self, forKey: .location)
        bucket = try container.decode(String.self, forKey: .bucket)
        key = try container.decode(String.self, forKey: .key)
        etag = try container.decode(String.self, forKey: .etag)
        versionID = try container.decodeIfPresent(String.self, forKey: .versionID)
        serverSideEncryption = try container.decodeIfPresent(String.self, forKey: .serverSideEncryption)
        checksums = try ChecksumMembers(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(location, forKey: .location)
        try container.encode(bucket, forKey: .bucket)
        try container.encode(key, forKey: .key)
        try container.encode(etag, forKey: .etag)
        try container.encodeIfPresent(versionID, forKey: .versionID)
        try container.encodeIfPresent(serverSideEncryption, forKey: .serverSideEncryption)
        try checksums.encode(to: encoder)
    }
}

struct PartShape: Codable, Sendable {
    var partNumber: Int
    var lastModified: Date
    var etag: String
    var size: Int
    /// The part's checksum in its upload's algorithm, when the upload has one.
    var checksums = ChecksumMembers()
    enum CodingKeys: String, CodingKey { case partNumber = "PartNumber", lastModified = "LastModified", etag = "ETag", size = "Size" }

    init(partNumber: Int, lastModified: Date, etag: String, size: Int, checksums: ChecksumMembers) {
        self.partNumber = partNumber
        self.lastModified = lastModified
        self.etag = etag
        self.size = size
        self.checksums = checksums
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        partNumber = try container.decode(Int.self, forKey: .partNumber)
        lastModified = try container.decode(Date.self, forKey: .lastModified)
        etag = try container.decode(String.self, forKey: .etag)
        size = try container.decode(Int.self, forKey: .size)
        checksums = try ChecksumMembers(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(partNumber, forKey: .partNumber)
        try container.encode(lastModified, forKey: .lastModified)
        try container.encode(etag, forKey: .etag)
        try container.encode(size, forKey: .size)
        try checksums.encode(to: encoder)
    }
}

struct ListPartsOutput: WireShape {
    var bucket: String
    var key: String
    var uploadID: String
    var partNumberMarker: Int
    var nextPartNumberMarker: Int?
    var maxParts: Int
    var isTruncated: Bool
    var parts: [PartShape]?
    var storageClass = "STANDARD"
    var checksumAlgorithm: String?
    var checksumType: String?
    static let xmlRootName: String? = "ListPartsResult"
    static let xmlFlattenedLists: Set<String> = ["Part"]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", uploadID = "UploadId", partNumberMarker = "PartNumberMarker"
        case nextPartNumberMarker = "NextPartNumberMarker", maxParts = "MaxParts", isTruncated = "IsTruncated", parts = "Part"
        case storageClass = "StorageClass", checksumAlgorithm = "ChecksumAlgorithm", checksumType = "ChecksumType"
    }
}

struct UploadShape: Codable, Sendable {
    var uploadID: String
    var key: String
    var initiated: Date
    var storageClass = "STANDARD"
    var checksumAlgorithm: String?
    var checksumType: String?
    enum CodingKeys: String, CodingKey {
        case uploadID = "UploadId", key = "Key", initiated = "Initiated", storageClass = "StorageClass"
        case checksumAlgorithm = "ChecksumAlgorithm", checksumType = "ChecksumType"
    }
}

struct ListMultipartUploadsInput: WireShape {
    var bucket: String
    var prefix: String?
    var maxUploads: Int?
    var encodingType: String?
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "prefix": .query("prefix"), "max-uploads": .query("max-uploads"), "encoding-type": .query("encoding-type"),
    ]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", prefix = "prefix", maxUploads = "max-uploads", encodingType = "encoding-type" }
}

struct ListMultipartUploadsOutput: WireShape {
    var bucket: String
    var prefix: String?
    var maxUploads: Int
    var isTruncated: Bool
    var uploads: [UploadShape]?
    var encodingType: String?
    static let xmlRootName: String? = "ListMultipartUploadsResult"
    static let xmlFlattenedLists: Set<String> = ["Upload"]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", prefix = "Prefix", maxUploads = "MaxUploads", isTruncated = "IsTruncated", uploads = "Upload"
        case encodingType = "EncodingType"
    }
}
