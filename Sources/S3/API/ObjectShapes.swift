import Foundation
import Wire

struct PutObjectInput: WireShape {
    var bucket: String
    var key: String
    var body: ByteStream?
    var contentType: String?
    var contentMD5: String?
    var contentEncoding: String?
    var contentDisposition: String?
    var contentLanguage: String?
    var cacheControl: String?
    var expires: String?
    var ifNoneMatch: String?
    var metadata: [String: String]?
    var tagging: String?
    var copySource: String?
    var metadataDirective: String?
    var taggingDirective: String?
    var checksumCRC32: String?
    var checksumCRC32C: String?
    var checksumCRC64NVME: String?
    var checksumSHA1: String?
    var checksumSHA256: String?
    var sdkChecksumAlgorithm: String?
    var trailer: String?
    var acl: String?
    var serverSideEncryption: String?
    var sseKMSKeyID: String?
    var sseCustomerAlgorithm: String?
    /// A copy's conditions on its source.
    var copySourceIfMatch: String?
    var copySourceIfNoneMatch: String?
    var copySourceIfModifiedSince: Date?
    var copySourceIfUnmodifiedSince: Date?
    static let bindings: [String: WireBinding] = [
        "x-amz-copy-source-if-match": .header("x-amz-copy-source-if-match"), "x-amz-copy-source-if-none-match": .header("x-amz-copy-source-if-none-match"),
        "x-amz-copy-source-if-modified-since": .header("x-amz-copy-source-if-modified-since"),
        "x-amz-copy-source-if-unmodified-since": .header("x-amz-copy-source-if-unmodified-since"),
        "x-amz-acl": .header("x-amz-acl"), "x-amz-server-side-encryption": .header("x-amz-server-side-encryption"),
        "x-amz-server-side-encryption-aws-kms-key-id": .header("x-amz-server-side-encryption-aws-kms-key-id"),
        "x-amz-server-side-encryption-customer-algorithm": .header("x-amz-server-side-encryption-customer-algorithm"),
        "x-amz-checksum-crc32": .header("x-amz-checksum-crc32"), "x-amz-checksum-crc32c": .header("x-amz-checksum-crc32c"),
        "x-amz-checksum-crc64nvme": .header("x-amz-checksum-crc64nvme"), "x-amz-checksum-sha1": .header("x-amz-checksum-sha1"),
        "x-amz-checksum-sha256": .header("x-amz-checksum-sha256"), "x-amz-sdk-checksum-algorithm": .header("x-amz-sdk-checksum-algorithm"),
        "x-amz-trailer": .header("x-amz-trailer"),
        "x-amz-tagging": .header("x-amz-tagging"), "x-amz-copy-source": .header("x-amz-copy-source"),
        "x-amz-metadata-directive": .header("x-amz-metadata-directive"), "x-amz-tagging-directive": .header("x-amz-tagging-directive"),
        "Bucket": .uri("Bucket"), "Key": .uri("Key+"), "Body": .payload, "Content-Type": .header("Content-Type"),
        "Content-MD5": .header("Content-MD5"), "Content-Encoding": .header("Content-Encoding"),
        "Content-Disposition": .header("Content-Disposition"), "Content-Language": .header("Content-Language"),
        "Cache-Control": .header("Cache-Control"), "Expires": .header("Expires"), "If-None-Match": .header("If-None-Match"),
        "Metadata": .headerPrefix("x-amz-meta-"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", body = "Body", contentType = "Content-Type", contentMD5 = "Content-MD5"
        case contentEncoding = "Content-Encoding", contentDisposition = "Content-Disposition", contentLanguage = "Content-Language"
        case cacheControl = "Cache-Control", expires = "Expires", ifNoneMatch = "If-None-Match", metadata = "Metadata"
        case tagging = "x-amz-tagging", copySource = "x-amz-copy-source", metadataDirective = "x-amz-metadata-directive"
        case taggingDirective = "x-amz-tagging-directive"
        case checksumCRC32 = "x-amz-checksum-crc32", checksumCRC32C = "x-amz-checksum-crc32c", checksumCRC64NVME = "x-amz-checksum-crc64nvme"
        case checksumSHA1 = "x-amz-checksum-sha1", checksumSHA256 = "x-amz-checksum-sha256"
        case sdkChecksumAlgorithm = "x-amz-sdk-checksum-algorithm", trailer = "x-amz-trailer", acl = "x-amz-acl"
        case serverSideEncryption = "x-amz-server-side-encryption", sseKMSKeyID = "x-amz-server-side-encryption-aws-kms-key-id"
        case sseCustomerAlgorithm = "x-amz-server-side-encryption-customer-algorithm"
        case copySourceIfMatch = "x-amz-copy-source-if-match", copySourceIfNoneMatch = "x-amz-copy-source-if-none-match"
        case copySourceIfModifiedSince = "x-amz-copy-source-if-modified-since", copySourceIfUnmodifiedSince = "x-amz-copy-source-if-unmodified-since"
    }

    /// The checksum the client sent in a header, if any: algorithm and base64 value.
    var declaredChecksum: (algorithm: String, value: String)? {
        ChecksumMembers(crc32: checksumCRC32, crc32c: checksumCRC32C, crc64nvme: checksumCRC64NVME, sha1: checksumSHA1, sha256: checksumSHA256)
            .given.first.map { ($0.algorithm.rawValue, $0.value) }
    }
}

/// PutObject's answer (an ETag header) or, for a copy, CopyObject's (a `CopyObjectResult` body): they share a route.
struct PutObjectOutput: WireShape {
    var etag: String?
    var versionID: String?
    var copySourceVersionID: String?
    var copyResult: CopyObjectResult?
    static let bindings: [String: WireBinding] = [
        "ETag": .header("ETag"), "x-amz-version-id": .header("x-amz-version-id"),
        "x-amz-copy-source-version-id": .header("x-amz-copy-source-version-id"), "CopyObjectResult": .payload,
        "Checksum": .headerPrefix("x-amz-checksum-"), "x-amz-server-side-encryption": .header("x-amz-server-side-encryption"),
        "x-amz-expiration": .header("x-amz-expiration"),
    ]
    var checksum: [String: String]?
    var serverSideEncryption: String?
    /// When the bucket's lifecycle rules expire the object written.
    var expiration: String?
    enum CodingKeys: String, CodingKey {
        case etag = "ETag", versionID = "x-amz-version-id", copySourceVersionID = "x-amz-copy-source-version-id", copyResult = "CopyObjectResult"
        case checksum = "Checksum", serverSideEncryption = "x-amz-server-side-encryption", expiration = "x-amz-expiration"
    }
}

struct DeleteObjectOutput: WireShape {
    var status = 204
    var versionID: String?
    var deleteMarker: Bool?
    static let bindings: [String: WireBinding] = [
        "Status": .statusCode, "x-amz-version-id": .header("x-amz-version-id"), "x-amz-delete-marker": .header("x-amz-delete-marker"),
    ]
    enum CodingKeys: String, CodingKey { case status = "Status", versionID = "x-amz-version-id", deleteMarker = "x-amz-delete-marker" }
}

struct ObjectInput: WireShape {
    var bucket: String
    var key: String
    var range: String?
    var ifMatch: String?
    var ifNoneMatch: String?
    var ifModifiedSince: Date?
    var ifUnmodifiedSince: Date?
    var versionID: String?
    var checksumMode: String?
    /// One part of a multipart object.
    var partNumber: Int?
    /// `response-*` query parameters: headers the answer carries instead of the object's own.
    var responseCacheControl: String?
    var responseContentDisposition: String?
    var responseContentEncoding: String?
    var responseContentLanguage: String?
    var responseContentType: String?
    var responseExpires: String?
    static let bindings: [String: WireBinding] = [
        "x-amz-checksum-mode": .header("x-amz-checksum-mode"),
        "Bucket": .uri("Bucket"), "Key": .uri("Key+"), "Range": .header("Range"), "If-Match": .header("If-Match"), "versionId": .query("versionId"),
        "If-None-Match": .header("If-None-Match"), "If-Modified-Since": .header("If-Modified-Since"),
        "If-Unmodified-Since": .header("If-Unmodified-Since"),
        "response-cache-control": .query("response-cache-control"), "response-content-disposition": .query("response-content-disposition"),
        "response-content-encoding": .query("response-content-encoding"), "response-content-language": .query("response-content-language"),
        "response-content-type": .query("response-content-type"), "response-expires": .query("response-expires"),
        "partNumber": .query("partNumber"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", range = "Range", ifMatch = "If-Match", ifNoneMatch = "If-None-Match"
        case ifModifiedSince = "If-Modified-Since", ifUnmodifiedSince = "If-Unmodified-Since", versionID = "versionId"
        case checksumMode = "x-amz-checksum-mode"
        case responseCacheControl = "response-cache-control", responseContentDisposition = "response-content-disposition"
        case responseContentEncoding = "response-content-encoding", responseContentLanguage = "response-content-language"
        case responseContentType = "response-content-type", responseExpires = "response-expires", partNumber = "partNumber"
    }

    /// Whether any `response-*` override was asked for.
    var overridesResponseHeaders: Bool {
        [responseCacheControl, responseContentDisposition, responseContentEncoding, responseContentLanguage, responseContentType, responseExpires]
            .contains { $0 != nil }
    }
}

/// GetObject's and HeadObject's answer: the object's headers, and for GET its bytes.
struct GetObjectOutput: WireShape {
    var status: Int
    var body: ByteStream?
    var contentLength: Int
    var contentType: String
    var etag: String
    var lastModified: Date
    var acceptRanges = "bytes"
    var contentRange: String?
    var contentEncoding: String?
    var contentDisposition: String?
    var contentLanguage: String?
    var cacheControl: String?
    var expires: String?
    var metadata: [String: String]?
    var versionID: String?
    var tagCount: Int?
    var checksum: [String: String]?
    var serverSideEncryption: String?
    var replicationStatus: String?
    var partsCount: Int?
    /// When the bucket's lifecycle rules expire the object.
    var expiration: String?
    static let bindings: [String: WireBinding] = [
        "x-amz-mp-parts-count": .header("x-amz-mp-parts-count"), "x-amz-expiration": .header("x-amz-expiration"),
        "x-amz-server-side-encryption": .header("x-amz-server-side-encryption"),
        "x-amz-replication-status": .header("x-amz-replication-status"),
        "x-amz-tagging-count": .header("x-amz-tagging-count"), "Checksum": .headerPrefix("x-amz-checksum-"),
        "Status": .statusCode, "Body": .payload, "x-amz-version-id": .header("x-amz-version-id"), "Content-Length": .header("Content-Length"), "Content-Type": .header("Content-Type"),
        "ETag": .header("ETag"), "Last-Modified": .header("Last-Modified"), "Accept-Ranges": .header("Accept-Ranges"),
        "Content-Range": .header("Content-Range"), "Content-Encoding": .header("Content-Encoding"),
        "Content-Disposition": .header("Content-Disposition"), "Content-Language": .header("Content-Language"),
        "Cache-Control": .header("Cache-Control"), "Expires": .header("Expires"), "Metadata": .headerPrefix("x-amz-meta-"),
    ]
    enum CodingKeys: String, CodingKey {
        case status = "Status", body = "Body", contentLength = "Content-Length", contentType = "Content-Type", etag = "ETag"
        case lastModified = "Last-Modified", acceptRanges = "Accept-Ranges", contentRange = "Content-Range"
        case contentEncoding = "Content-Encoding", contentDisposition = "Content-Disposition", contentLanguage = "Content-Language"
        case cacheControl = "Cache-Control", expires = "Expires", metadata = "Metadata", versionID = "x-amz-version-id"
        case tagCount = "x-amz-tagging-count", checksum = "Checksum", serverSideEncryption = "x-amz-server-side-encryption"
        case replicationStatus = "x-amz-replication-status", partsCount = "x-amz-mp-parts-count", expiration = "x-amz-expiration"
    }
}

struct ListObjectsV2Input: WireShape {
    var bucket: String
    var prefix: String?
    var delimiter: String?
    var maxKeys: Int?
    var continuationToken: String?
    var startAfter: String?
    var encodingType: String?
    var fetchOwner: Bool?
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "prefix": .query("prefix"), "delimiter": .query("delimiter"), "max-keys": .query("max-keys"),
        "continuation-token": .query("continuation-token"), "start-after": .query("start-after"),
        "encoding-type": .query("encoding-type"), "fetch-owner": .query("fetch-owner"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", prefix = "prefix", delimiter = "delimiter", maxKeys = "max-keys", continuationToken = "continuation-token"
        case startAfter = "start-after", encodingType = "encoding-type", fetchOwner = "fetch-owner"
    }
}

struct ObjectSummaryShape: Codable, Sendable {
    var key: String
    var lastModified: Date
    var etag: String
    var size: Int
    var storageClass = "STANDARD"
    var owner: OwnerShape?
    enum CodingKeys: String, CodingKey {
        case key = "Key", lastModified = "LastModified", etag = "ETag", size = "Size", storageClass = "StorageClass", owner = "Owner"
    }
}

struct CommonPrefixShape: Codable, Sendable {
    var prefix: String
    enum CodingKeys: String, CodingKey { case prefix = "Prefix" }
}

struct ListObjectsV2Output: WireShape {
    var isTruncated: Bool
    var contents: [ObjectSummaryShape]?
    var name: String
    var prefix: String
    var delimiter: String?
    var maxKeys: Int
    var commonPrefixes: [CommonPrefixShape]?
    var encodingType: String?
    var keyCount: Int
    var continuationToken: String?
    var nextContinuationToken: String?
    var startAfter: String?
    static let xmlRootName: String? = "ListBucketResult"
    static let xmlFlattenedLists: Set<String> = ["Contents", "CommonPrefixes"]
    enum CodingKeys: String, CodingKey {
        case isTruncated = "IsTruncated", contents = "Contents", name = "Name", prefix = "Prefix", delimiter = "Delimiter"
        case maxKeys = "MaxKeys", commonPrefixes = "CommonPrefixes", encodingType = "EncodingType", keyCount = "KeyCount"
        case continuationToken = "ContinuationToken", nextContinuationToken = "NextContinuationToken", startAfter = "StartAfter"
    }
}
