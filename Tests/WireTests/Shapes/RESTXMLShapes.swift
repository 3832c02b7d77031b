import Foundation
import SlipwayCore
import Wire

// Shapes of S3 operations, declared as a REST-XML service declares them.

struct PutObjectInput: WireShape, Equatable {
    var bucket: String
    var key: String
    var body: [UInt8]?
    var contentType: String?
    var contentLength: Int64?
    var expires: Date?
    var metadata: [String: String]?

    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", body = "Body", contentType = "ContentType"
        case contentLength = "ContentLength", expires = "Expires", metadata = "Metadata"
    }

    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Key": .uri("Key"), "Body": .payload, "ContentType": .header("Content-Type"),
        "ContentLength": .header("Content-Length"), "Expires": .header("Expires"), "Metadata": .headerPrefix("x-amz-meta-"),
    ]
}

struct PutObjectOutput: WireShape, Equatable {
    var eTag: String?
    var versionId: String?

    enum CodingKeys: String, CodingKey { case eTag = "ETag", versionId = "VersionId" }

    static let bindings: [String: WireBinding] = ["ETag": .header("ETag"), "VersionId": .header("x-amz-version-id")]
}

struct S3Tag: Codable, Equatable {
    var key: String
    var value: String

    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

struct Tagging: WireShape, Equatable {
    var tagSet: [S3Tag]

    enum CodingKeys: String, CodingKey { case tagSet = "TagSet" }

    static let xmlRootName: String? = "Tagging"
    static let xmlListMemberNames: [String: String] = ["TagSet": "Tag"]
}

struct PutBucketTaggingInput: WireShape, Equatable {
    var bucket: String
    var tagging: Tagging

    enum CodingKeys: String, CodingKey { case bucket = "Bucket", tagging = "Tagging" }

    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "Tagging": .payload]
}

typealias GetBucketTaggingOutput = Tagging

struct S3ObjectIdentifier: Codable, Equatable {
    var key: String
    var versionId: String?

    enum CodingKeys: String, CodingKey { case key = "Key", versionId = "VersionId" }
}

struct Delete: WireShape, Equatable {
    var objects: [S3ObjectIdentifier]
    var quiet: Bool?

    enum CodingKeys: String, CodingKey { case objects = "Objects", quiet = "Quiet" }

    static let xmlFlattenedLists: Set<String> = ["Objects"]
    static let xmlListMemberNames: [String: String] = ["Objects": "Object"]
}

struct DeleteObjectsInput: WireShape, Equatable {
    var bucket: String
    var delete: Delete

    enum CodingKeys: String, CodingKey { case bucket = "Bucket", delete = "Delete" }

    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "Delete": .payload]
}

struct DeletedObject: Codable, Equatable {
    var key: String?
    var versionId: String?
    var deleteMarker: Bool?

    enum CodingKeys: String, CodingKey { case key = "Key", versionId = "VersionId", deleteMarker = "DeleteMarker" }
}

struct DeleteError: Codable, Equatable {
    var key: String?
    var code: String?
    var message: String?

    enum CodingKeys: String, CodingKey { case key = "Key", code = "Code", message = "Message" }
}

struct DeleteObjectsOutput: WireShape, Equatable {
    var deleted: [DeletedObject]?
    var errors: [DeleteError]?

    enum CodingKeys: String, CodingKey { case deleted = "Deleted", errors = "Error" }

    static let xmlRootName: String? = "DeleteResult"
    static let xmlFlattenedLists: Set<String> = ["Deleted", "Error"]
}

struct ListObjectsV2Input: WireShape, Equatable {
    var bucket: String
    var prefix: String?
    var maxKeys: Int?
    var continuationToken: String?
    var startAfter: String?
    var fetchOwner: Bool?
    var encodingType: String?
    var delimiter: String?

    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", prefix = "Prefix", maxKeys = "MaxKeys", continuationToken = "ContinuationToken"
        case startAfter = "StartAfter", fetchOwner = "FetchOwner", encodingType = "EncodingType", delimiter = "Delimiter"
    }

    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Prefix": .query("prefix"), "MaxKeys": .query("max-keys"),
        "ContinuationToken": .query("continuation-token"), "StartAfter": .query("start-after"),
        "FetchOwner": .query("fetch-owner"), "EncodingType": .query("encoding-type"), "Delimiter": .query("delimiter"),
    ]
}

struct S3Owner: Codable, Equatable {
    var displayName: String?
    var id: String?

    enum CodingKeys: String, CodingKey { case displayName = "DisplayName", id = "ID" }
}

struct S3Object: WireShape, Equatable {
    var key: String
    var lastModified: Date
    var eTag: String
    var checksumAlgorithm: [String]?
    var size: Int64
    var storageClass: String
    var owner: S3Owner?

    enum CodingKeys: String, CodingKey {
        case key = "Key", lastModified = "LastModified", eTag = "ETag", checksumAlgorithm = "ChecksumAlgorithm"
        case size = "Size", storageClass = "StorageClass", owner = "Owner"
    }

    static let xmlFlattenedLists: Set<String> = ["ChecksumAlgorithm"]
}

struct CommonPrefix: Codable, Equatable {
    var prefix: String

    enum CodingKeys: String, CodingKey { case prefix = "Prefix" }
}

struct ListObjectsV2Output: WireShape, Equatable {
    var name: String
    var prefix: String?
    var keyCount: Int
    var maxKeys: Int
    var isTruncated: Bool
    var contents: [S3Object]?
    var commonPrefixes: [CommonPrefix]?
    var nextContinuationToken: String?

    enum CodingKeys: String, CodingKey {
        case name = "Name", prefix = "Prefix", keyCount = "KeyCount", maxKeys = "MaxKeys", isTruncated = "IsTruncated"
        case contents = "Contents", commonPrefixes = "CommonPrefixes", nextContinuationToken = "NextContinuationToken"
    }

    static let xmlRootName: String? = "ListBucketResult"
    static let xmlFlattenedLists: Set<String> = ["Contents", "CommonPrefixes"]
}

struct CreateBucketConfiguration: WireShape, Equatable {
    var locationConstraint: String?

    enum CodingKeys: String, CodingKey { case locationConstraint = "LocationConstraint" }

    static let xmlRootName: String? = "CreateBucketConfiguration"
}

struct CreateBucketInput: WireShape, Equatable {
    var bucket: String
    var acl: String?
    var createBucketConfiguration: CreateBucketConfiguration?

    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", acl = "ACL", createBucketConfiguration = "CreateBucketConfiguration"
    }

    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "ACL": .header("x-amz-acl"), "CreateBucketConfiguration": .payload,
    ]
}

struct CreateBucketOutput: WireShape, Equatable {
    var location: String?

    enum CodingKeys: String, CodingKey { case location = "Location" }

    static let bindings: [String: WireBinding] = ["Location": .header("Location")]
}

struct GetObjectInput: WireShape, Equatable {
    var bucket: String
    var key: String
    var range: String?
    var ifModifiedSince: Date?
    var versionId: String?
    var responseContentType: String?
    var partNumber: Int?

    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", range = "Range", ifModifiedSince = "IfModifiedSince"
        case versionId = "VersionId", responseContentType = "ResponseContentType", partNumber = "PartNumber"
    }

    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Key": .uri("Key+"), "Range": .header("Range"),
        "IfModifiedSince": .header("If-Modified-Since"), "VersionId": .query("versionId"),
        "ResponseContentType": .query("response-content-type"), "PartNumber": .query("partNumber"),
    ]
}

struct GetObjectOutput: WireShape, Equatable {
    var body: [UInt8]?
    var contentLength: Int64?
    var contentType: String?
    var eTag: String?
    var lastModified: Date?
    var metadata: [String: String]?
    var versionId: String?
    var deleteMarker: Bool?

    enum CodingKeys: String, CodingKey {
        case body = "Body", contentLength = "ContentLength", contentType = "ContentType", eTag = "ETag"
        case lastModified = "LastModified", metadata = "Metadata", versionId = "VersionId", deleteMarker = "DeleteMarker"
    }

    static let bindings: [String: WireBinding] = [
        "Body": .payload, "ContentLength": .header("Content-Length"), "ContentType": .header("Content-Type"),
        "ETag": .header("ETag"), "LastModified": .header("Last-Modified"), "Metadata": .headerPrefix("x-amz-meta-"),
        "VersionId": .header("x-amz-version-id"), "DeleteMarker": .header("x-amz-delete-marker"),
    ]
}

struct VersioningConfiguration: WireShape, Equatable {
    var status: String?
    var mfaDelete: String?

    enum CodingKeys: String, CodingKey { case status = "Status", mfaDelete = "MFADelete" }

    static let xmlRootName: String? = "VersioningConfiguration"
}

struct PutBucketVersioningInput: WireShape, Equatable {
    var bucket: String
    var versioningConfiguration: VersioningConfiguration

    enum CodingKeys: String, CodingKey { case bucket = "Bucket", versioningConfiguration = "VersioningConfiguration" }

    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "VersioningConfiguration": .payload]
}

struct CompletedPart: Codable, Equatable {
    var eTag: String?
    var partNumber: Int?

    enum CodingKeys: String, CodingKey { case eTag = "ETag", partNumber = "PartNumber" }
}

struct CompletedMultipartUpload: WireShape, Equatable {
    var parts: [CompletedPart]?

    enum CodingKeys: String, CodingKey { case parts = "Part" }

    static let xmlFlattenedLists: Set<String> = ["Part"]
}

struct CompleteMultipartUploadInput: WireShape, Equatable {
    var bucket: String
    var key: String
    var uploadId: String
    var multipartUpload: CompletedMultipartUpload?

    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", uploadId = "UploadId", multipartUpload = "MultipartUpload"
    }

    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Key": .uri("Key"), "UploadId": .query("uploadId"), "MultipartUpload": .payload,
    ]
}

struct LifecycleFilter: Codable, Equatable {
    var prefix: String?

    enum CodingKeys: String, CodingKey { case prefix = "Prefix" }
}

struct LifecycleExpiration: Codable, Equatable {
    var date: Date?
    var days: Int?

    enum CodingKeys: String, CodingKey { case date = "Date", days = "Days" }
}

struct NoncurrentVersionExpiration: Codable, Equatable {
    var noncurrentDays: Int?

    enum CodingKeys: String, CodingKey { case noncurrentDays = "NoncurrentDays" }
}

struct LifecycleRule: Codable, Equatable {
    var id: String?
    var status: String
    var filter: LifecycleFilter?
    var expiration: LifecycleExpiration?
    var noncurrentVersionExpiration: NoncurrentVersionExpiration?

    enum CodingKeys: String, CodingKey {
        case id = "ID", status = "Status", filter = "Filter", expiration = "Expiration"
        case noncurrentVersionExpiration = "NoncurrentVersionExpiration"
    }
}

struct LifecycleConfiguration: WireShape, Equatable {
    var rules: [LifecycleRule]

    enum CodingKeys: String, CodingKey { case rules = "Rule" }

    static let xmlFlattenedLists: Set<String> = ["Rule"]
}

struct PutBucketLifecycleConfigurationInput: WireShape, Equatable {
    var bucket: String
    var lifecycleConfiguration: LifecycleConfiguration?

    enum CodingKeys: String, CodingKey { case bucket = "Bucket", lifecycleConfiguration = "LifecycleConfiguration" }

    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "LifecycleConfiguration": .payload]
}

struct GetObjectAttributesInput: WireShape, Equatable {
    var bucket: String
    var key: String
    var objectAttributes: [String]

    enum CodingKeys: String, CodingKey { case bucket = "Bucket", key = "Key", objectAttributes = "ObjectAttributes" }

    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Key": .uri("Key"), "ObjectAttributes": .header("x-amz-object-attributes"),
    ]
}

struct Grantee: WireShape, Equatable {
    var displayName: String?
    var id: String?
    var uri: String?
    var type: String

    enum CodingKeys: String, CodingKey { case displayName = "DisplayName", id = "ID", uri = "URI", type = "xsi:type" }

    static let xmlAttributes: Set<String> = ["xsi:type"]
}

struct Grant: Codable, Equatable {
    var grantee: Grantee?
    var permission: String?

    enum CodingKeys: String, CodingKey { case grantee = "Grantee", permission = "Permission" }
}

struct GetBucketAclOutput: WireShape, Equatable {
    var owner: S3Owner?
    var grants: [Grant]?

    enum CodingKeys: String, CodingKey { case owner = "Owner", grants = "AccessControlList" }

    static let xmlRootName: String? = "AccessControlPolicy"
    static let xmlListMemberNames: [String: String] = ["AccessControlList": "Grant"]
}

struct GetBucketPolicyOutput: WireShape, Equatable {
    var policy: String?

    enum CodingKeys: String, CodingKey { case policy = "Policy" }

    static let bindings: [String: WireBinding] = ["Policy": .payload]
}

struct ObjectLockRetention: WireShape, Equatable {
    var mode: String?
    var retainUntilDate: Date?

    enum CodingKeys: String, CodingKey { case mode = "Mode", retainUntilDate = "RetainUntilDate" }

    static let xmlRootName: String? = "Retention"
}

struct GetObjectRetentionOutput: WireShape, Equatable {
    var retention: ObjectLockRetention?

    enum CodingKeys: String, CodingKey { case retention = "Retention" }

    static let bindings: [String: WireBinding] = ["Retention": .payload]
}

struct CompleteMultipartUploadOutput: WireShape, Equatable {
    var location: String?
    var bucket: String?
    var key: String?
    var eTag: String?
    var versionId: String?

    enum CodingKeys: String, CodingKey {
        case location = "Location", bucket = "Bucket", key = "Key", eTag = "ETag", versionId = "VersionId"
    }

    static let xmlRootName: String? = "CompleteMultipartUploadResult"
    static let bindings: [String: WireBinding] = ["VersionId": .header("x-amz-version-id")]
}
