import Foundation
import Wire

struct LifecycleConfiguration: WireShape, Codable, Hashable {
    var rules: [LifecycleRule]
    static let xmlRootName: String? = "LifecycleConfiguration"
    static let xmlFlattenedLists: Set<String> = ["Rule"]
    enum CodingKeys: String, CodingKey { case rules = "Rule" }
}

struct LifecycleRule: WireShape, Codable, Hashable {
    var id: String?
    var prefix: String?
    var filter: LifecycleFilter?
    var status: String
    var expiration: LifecycleExpiration?
    var noncurrentVersionExpiration: NoncurrentVersionExpiration?
    var abortIncompleteMultipartUpload: AbortIncompleteMultipartUpload?
    enum CodingKeys: String, CodingKey {
        case id = "ID", prefix = "Prefix", filter = "Filter", status = "Status", expiration = "Expiration"
        case noncurrentVersionExpiration = "NoncurrentVersionExpiration", abortIncompleteMultipartUpload = "AbortIncompleteMultipartUpload"
    }
}

struct LifecycleFilter: WireShape, Codable, Hashable {
    var prefix: String? = nil
    var tag: ObjectTag? = nil
    var objectSizeGreaterThan: Int? = nil
    var objectSizeLessThan: Int? = nil
    var and: LifecycleAnd? = nil
    enum CodingKeys: String, CodingKey {
        case prefix = "Prefix", tag = "Tag", objectSizeGreaterThan = "ObjectSizeGreaterThan", objectSizeLessThan = "ObjectSizeLessThan", and = "And"
    }
}

struct LifecycleAnd: WireShape, Codable, Hashable {
    var prefix: String?
    var tags: [ObjectTag]?
    var objectSizeGreaterThan: Int?
    var objectSizeLessThan: Int?
    static let xmlFlattenedLists: Set<String> = ["Tag"]
    enum CodingKeys: String, CodingKey {
        case prefix = "Prefix", tags = "Tag", objectSizeGreaterThan = "ObjectSizeGreaterThan", objectSizeLessThan = "ObjectSizeLessThan"
    }
}

struct LifecycleExpiration: WireShape, Codable, Hashable {
    var date: Date?
    var days: Int?
    var expiredObjectDeleteMarker: Bool?
    /// A `Date` given that is no timestamp, kept so validation refuses it as S3 does (never stored).
    var unreadableDate: String?
    enum CodingKeys: String, CodingKey { case date = "Date", days = "Days", expiredObjectDeleteMarker = "ExpiredObjectDeleteMarker" }

    init(date: Date?, days: Int?, expiredObjectDeleteMarker: Bool?) {
        self.date = date
        self.days = days
        self.expiredObjectDeleteMarker = expiredObjectDeleteMarker
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        days = try container.decodeIfPresent(Int.self, forKey: .days)
        expiredObjectDeleteMarker = try container.decodeIfPresent(Bool.self, forKey: .expiredObjectDeleteMarker)
        do {
            date = try container.decodeIfPresent(Date.self, forKey: .date)
        } catch {
            unreadableDate = try container.decodeIfPresent(String.self, forKey: .date) ?? ""
        }
    }
}

struct NoncurrentVersionExpiration: WireShape, Codable, Hashable {
    var noncurrentDays: Int?
    var newerNoncurrentVersions: Int?
    enum CodingKeys: String, CodingKey { case noncurrentDays = "NoncurrentDays", newerNoncurrentVersions = "NewerNoncurrentVersions" }
}

struct AbortIncompleteMultipartUpload: WireShape, Codable, Hashable {
    var daysAfterInitiation: Int?
    enum CodingKeys: String, CodingKey { case daysAfterInitiation = "DaysAfterInitiation" }
}

struct PutLifecycleInput: WireShape {
    var bucket: String
    var configuration: LifecycleConfiguration?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "LifecycleConfiguration": .payload]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", configuration = "LifecycleConfiguration" }
}
