import Foundation
import Wire

struct VersioningConfiguration: WireShape {
    var status: String?
    var mfaDelete: String?
    static let xmlRootName: String? = "VersioningConfiguration"
    enum CodingKeys: String, CodingKey { case status = "Status", mfaDelete = "MfaDelete" }
}

struct PutBucketVersioningInput: WireShape {
    var bucket: String
    var configuration: VersioningConfiguration?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "VersioningConfiguration": .payload]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", configuration = "VersioningConfiguration" }
}

struct ListObjectVersionsInput: WireShape {
    var bucket: String
    var prefix: String?
    var delimiter: String?
    var maxKeys: Int?
    var keyMarker: String?
    var versionIDMarker: String?
    var encodingType: String?
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "prefix": .query("prefix"), "delimiter": .query("delimiter"), "max-keys": .query("max-keys"),
        "key-marker": .query("key-marker"), "version-id-marker": .query("version-id-marker"), "encoding-type": .query("encoding-type"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", prefix = "prefix", delimiter = "delimiter", maxKeys = "max-keys", keyMarker = "key-marker"
        case versionIDMarker = "version-id-marker", encodingType = "encoding-type"
    }
}

struct ObjectVersionShape: Codable, Sendable {
    var key: String
    var versionID: String
    var isLatest: Bool
    var lastModified: Date
    var etag: String
    var size: Int
    var storageClass = "STANDARD"
    var owner: OwnerShape
    enum CodingKeys: String, CodingKey {
        case key = "Key", versionID = "VersionId", isLatest = "IsLatest", lastModified = "LastModified", etag = "ETag", size = "Size"
        case storageClass = "StorageClass", owner = "Owner"
    }
}

struct DeleteMarkerShape: Codable, Sendable {
    var key: String
    var versionID: String
    var isLatest: Bool
    var lastModified: Date
    var owner: OwnerShape
    enum CodingKeys: String, CodingKey {
        case key = "Key", versionID = "VersionId", isLatest = "IsLatest", lastModified = "LastModified", owner = "Owner"
    }
}

struct ListObjectVersionsOutput: WireShape {
    var isTruncated: Bool
    var keyMarker: String
    var versionIDMarker: String
    var nextKeyMarker: String?
    var nextVersionIDMarker: String?
    var versions: [ObjectVersionShape]?
    var deleteMarkers: [DeleteMarkerShape]?
    var name: String
    var prefix: String
    var delimiter: String?
    var maxKeys: Int
    var commonPrefixes: [CommonPrefixShape]?
    var encodingType: String?
    static let xmlRootName: String? = "ListVersionsResult"
    static let xmlFlattenedLists: Set<String> = ["Version", "DeleteMarker", "CommonPrefixes"]
    enum CodingKeys: String, CodingKey {
        case isTruncated = "IsTruncated", keyMarker = "KeyMarker", versionIDMarker = "VersionIdMarker", nextKeyMarker = "NextKeyMarker"
        case nextVersionIDMarker = "NextVersionIdMarker", versions = "Version", deleteMarkers = "DeleteMarker", name = "Name"
        case prefix = "Prefix", delimiter = "Delimiter", maxKeys = "MaxKeys", commonPrefixes = "CommonPrefixes", encodingType = "EncodingType"
    }
}
