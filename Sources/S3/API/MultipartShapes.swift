import Foundation
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
    static let bindings: [String: WireBinding] = [
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
    }
}

struct InitiateMultipartUploadResult: WireShape {
    var bucket: String
    var key: String
    var uploadID: String
    var serverSideEncryption: String?
    static let xmlRootName: String? = "InitiateMultipartUploadResult"
    static let bindings: [String: WireBinding] = ["x-amz-server-side-encryption": .header("x-amz-server-side-encryption")]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", uploadID = "UploadId", serverSideEncryption = "x-amz-server-side-encryption"
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
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Key": .uri("Key+"), "partNumber": .query("partNumber"), "uploadId": .query("uploadId"),
        "Body": .payload, "Content-MD5": .header("Content-MD5"), "x-amz-copy-source": .header("x-amz-copy-source"),
        "x-amz-copy-source-range": .header("x-amz-copy-source-range"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", partNumber = "partNumber", uploadID = "uploadId", body = "Body", contentMD5 = "Content-MD5"
        case copySource = "x-amz-copy-source", copySourceRange = "x-amz-copy-source-range"
    }
}

/// UploadPart's answer (an ETag header) or, for UploadPartCopy, a `CopyPartResult` body: they share a route.
struct UploadPartOutput: WireShape {
    var etag: String?
    var copyResult: CopyPartResult?
    var serverSideEncryption: String?
    static let bindings: [String: WireBinding] = [
        "ETag": .header("ETag"), "CopyPartResult": .payload, "x-amz-server-side-encryption": .header("x-amz-server-side-encryption"),
    ]
    enum CodingKeys: String, CodingKey { case etag = "ETag", copyResult = "CopyPartResult", serverSideEncryption = "x-amz-server-side-encryption" }
}

struct CopyPartResult: WireShape {
    var etag: String
    var lastModified: Date
    static let xmlRootName: String? = "CopyPartResult"
    enum CodingKeys: String, CodingKey { case etag = "ETag", lastModified = "LastModified" }
}

struct UploadInput: WireShape {
    var bucket: String
    var key: String
    var uploadID: String
    var maxParts: Int?
    var partNumberMarker: Int?
    var multipart: CompletedMultipartUpload?
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Key": .uri("Key+"), "uploadId": .query("uploadId"), "max-parts": .query("max-parts"),
        "part-number-marker": .query("part-number-marker"), "CompleteMultipartUpload": .payload,
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", uploadID = "uploadId", maxParts = "max-parts", partNumberMarker = "part-number-marker"
        case multipart = "CompleteMultipartUpload"
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
    enum CodingKeys: String, CodingKey { case partNumber = "PartNumber", etag = "ETag" }
}

struct CompleteMultipartUploadOutput: WireShape {
    var location: String
    var bucket: String
    var key: String
    var etag: String
    var versionID: String?
    var serverSideEncryption: String?
    static let xmlRootName: String? = "CompleteMultipartUploadResult"
    static let bindings: [String: WireBinding] = [
        "x-amz-version-id": .header("x-amz-version-id"), "x-amz-server-side-encryption": .header("x-amz-server-side-encryption"),
    ]
    enum CodingKeys: String, CodingKey {
        case location = "Location", bucket = "Bucket", key = "Key", etag = "ETag", versionID = "x-amz-version-id"
        case serverSideEncryption = "x-amz-server-side-encryption"
    }
}

struct PartShape: Codable, Sendable {
    var partNumber: Int
    var lastModified: Date
    var etag: String
    var size: Int
    enum CodingKeys: String, CodingKey { case partNumber = "PartNumber", lastModified = "LastModified", etag = "ETag", size = "Size" }
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
    static let xmlRootName: String? = "ListPartsResult"
    static let xmlFlattenedLists: Set<String> = ["Part"]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", uploadID = "UploadId", partNumberMarker = "PartNumberMarker"
        case nextPartNumberMarker = "NextPartNumberMarker", maxParts = "MaxParts", isTruncated = "IsTruncated", parts = "Part"
        case storageClass = "StorageClass"
    }
}

struct UploadShape: Codable, Sendable {
    var uploadID: String
    var key: String
    var initiated: Date
    var storageClass = "STANDARD"
    enum CodingKeys: String, CodingKey { case uploadID = "UploadId", key = "Key", initiated = "Initiated", storageClass = "StorageClass" }
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
