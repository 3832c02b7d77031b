import Foundation
import Wire

struct Tagging: WireShape {
    var tagSet: [ObjectTag]
    static let xmlRootName: String? = "Tagging"
    static let xmlListMemberNames: [String: String] = ["TagSet": "Tag"]
    enum CodingKeys: String, CodingKey { case tagSet = "TagSet" }
}

struct PutObjectTaggingInput: WireShape {
    var bucket: String
    var key: String
    var versionID: String?
    var tagging: Tagging?
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Key": .uri("Key+"), "versionId": .query("versionId"), "Tagging": .payload,
    ]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", key = "Key", versionID = "versionId", tagging = "Tagging" }
}

struct ObjectTaggingInput: WireShape {
    var bucket: String
    var key: String
    var versionID: String?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "Key": .uri("Key+"), "versionId": .query("versionId")]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", key = "Key", versionID = "versionId" }
}

struct TaggingOutput: WireShape {
    var versionID: String?
    var tagging: Tagging?
    var status: Int = 200
    static let bindings: [String: WireBinding] = ["x-amz-version-id": .header("x-amz-version-id"), "Tagging": .payload, "Status": .statusCode]
    enum CodingKeys: String, CodingKey { case versionID = "x-amz-version-id", tagging = "Tagging", status = "Status" }
}

struct CopyObjectResult: WireShape {
    var etag: String
    var lastModified: Date
    static let xmlRootName: String? = "CopyObjectResult"
    enum CodingKeys: String, CodingKey { case etag = "ETag", lastModified = "LastModified" }
}
