import Foundation
import Wire

struct CreateBucketConfiguration: WireShape {
    var locationConstraint: String?
    static let xmlRootName: String? = "CreateBucketConfiguration"
    enum CodingKeys: String, CodingKey { case locationConstraint = "LocationConstraint" }
}

struct CreateBucketInput: WireShape {
    var bucket: String
    var configuration: CreateBucketConfiguration?
    var acl: String?
    var objectOwnership: String?
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "CreateBucketConfiguration": .payload, "x-amz-acl": .header("x-amz-acl"),
        "x-amz-object-ownership": .header("x-amz-object-ownership"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", configuration = "CreateBucketConfiguration", acl = "x-amz-acl", objectOwnership = "x-amz-object-ownership"
    }
}

struct CreateBucketOutput: WireShape {
    var location: String
    static let bindings: [String: WireBinding] = ["Location": .header("Location")]
    enum CodingKeys: String, CodingKey { case location = "Location" }
}

struct BucketInput: WireShape {
    var bucket: String
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket")]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket" }
}

struct HeadBucketOutput: WireShape {
    var bucketRegion: String
    static let bindings: [String: WireBinding] = ["BucketRegion": .header("x-amz-bucket-region")]
    enum CodingKeys: String, CodingKey { case bucketRegion = "BucketRegion" }
}

/// S3 answers `GetBucketLocation` with a bare `<LocationConstraint>` root holding text, which the
/// shape encoder has no form for; the document is built here, escaped, as the raw payload.
struct GetBucketLocationOutput: WireShape {
    var document: String
    static let bindings: [String: WireBinding] = ["Document": .payload, "ContentType": .header("Content-Type")]
    var contentType = "application/xml"
    enum CodingKeys: String, CodingKey { case document = "Document", contentType = "ContentType" }

    init(region: String) {
        let text = region == "us-east-1" ? "" : region.filter { $0.isLetter || $0.isNumber || $0 == "-" }
        document = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
            + #"<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">"# + text + "</LocationConstraint>"
    }
}

struct ListBucketsInput: WireShape {
    var maxBuckets: Int?
    var continuationToken: String?
    var prefix: String?
    var bucketRegion: String?
    static let bindings: [String: WireBinding] = [
        "MaxBuckets": .query("max-buckets"), "ContinuationToken": .query("continuation-token"),
        "Prefix": .query("prefix"), "BucketRegion": .query("bucket-region"),
    ]
    enum CodingKeys: String, CodingKey {
        case maxBuckets = "MaxBuckets", continuationToken = "ContinuationToken", prefix = "Prefix", bucketRegion = "BucketRegion"
    }
}

struct BucketShape: Codable, Sendable {
    var name: String
    var creationDate: Date
    var bucketRegion: String
    enum CodingKeys: String, CodingKey { case name = "Name", creationDate = "CreationDate", bucketRegion = "BucketRegion" }
}

struct OwnerShape: Codable, Sendable {
    var displayName: String?
    var id: String
    enum CodingKeys: String, CodingKey { case displayName = "DisplayName", id = "ID" }
}

struct ListBucketsOutput: WireShape {
    var buckets: [BucketShape]
    var owner: OwnerShape
    var continuationToken: String?
    var prefix: String?
    static let xmlRootName: String? = "ListAllMyBucketsResult"
    static let xmlListMemberNames: [String: String] = ["Buckets": "Bucket"]
    enum CodingKeys: String, CodingKey { case buckets = "Buckets", owner = "Owner", continuationToken = "ContinuationToken", prefix = "Prefix" }
}
