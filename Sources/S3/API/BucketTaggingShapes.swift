import Foundation
import Wire

struct PutBucketTaggingInput: WireShape {
    var bucket: String
    var tagging: Tagging?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "Tagging": .payload]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", tagging = "Tagging" }
}

struct DeleteObjectsInput: WireShape {
    var bucket: String
    var delete: DeleteRequest?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "Delete": .payload]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", delete = "Delete" }
}

struct DeleteRequest: WireShape {
    var objects: [ObjectIdentifierShape]
    var quiet: Bool?
    static let xmlRootName: String? = "Delete"
    static let xmlFlattenedLists: Set<String> = ["Object"]
    enum CodingKeys: String, CodingKey { case objects = "Object", quiet = "Quiet" }
}

struct ObjectIdentifierShape: Codable, Sendable {
    var key: String
    var versionID: String?
    enum CodingKeys: String, CodingKey { case key = "Key", versionID = "VersionId" }
}

struct DeletedShape: Codable, Sendable {
    var key: String
    var versionID: String?
    var deleteMarker: Bool?
    var deleteMarkerVersionID: String?
    enum CodingKeys: String, CodingKey {
        case key = "Key", versionID = "VersionId", deleteMarker = "DeleteMarker", deleteMarkerVersionID = "DeleteMarkerVersionId"
    }
}

struct DeleteErrorShape: Codable, Sendable {
    var key: String
    var versionID: String?
    var code: String
    var message: String
    enum CodingKeys: String, CodingKey { case key = "Key", versionID = "VersionId", code = "Code", message = "Message" }
}

struct DeleteObjectsOutput: WireShape {
    var deleted: [DeletedShape]?
    var errors: [DeleteErrorShape]?
    static let xmlRootName: String? = "DeleteResult"
    static let xmlFlattenedLists: Set<String> = ["Deleted", "Error"]
    enum CodingKeys: String, CodingKey { case deleted = "Deleted", errors = "Error" }
}

struct ListObjectsInput: WireShape {
    var bucket: String
    var prefix: String?
    var delimiter: String?
    var maxKeys: Int?
    var marker: String?
    var encodingType: String?
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "prefix": .query("prefix"), "delimiter": .query("delimiter"), "max-keys": .query("max-keys"),
        "marker": .query("marker"), "encoding-type": .query("encoding-type"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", prefix = "prefix", delimiter = "delimiter", maxKeys = "max-keys", marker = "marker", encodingType = "encoding-type"
    }
}

struct ListObjectsOutput: WireShape {
    var isTruncated: Bool
    var marker: String
    var nextMarker: String?
    var contents: [ObjectSummaryShape]?
    var name: String
    var prefix: String
    var delimiter: String?
    var maxKeys: Int
    var commonPrefixes: [CommonPrefixShape]?
    var encodingType: String?
    static let xmlRootName: String? = "ListBucketResult"
    static let xmlFlattenedLists: Set<String> = ["Contents", "CommonPrefixes"]
    enum CodingKeys: String, CodingKey {
        case isTruncated = "IsTruncated", marker = "Marker", nextMarker = "NextMarker", contents = "Contents", name = "Name", prefix = "Prefix"
        case delimiter = "Delimiter", maxKeys = "MaxKeys", commonPrefixes = "CommonPrefixes", encodingType = "EncodingType"
    }
}
