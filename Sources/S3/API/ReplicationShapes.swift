import Foundation
import Wire

struct ReplicationConfiguration: WireShape, Codable, Hashable {
    var role: String
    var rules: [ReplicationRule]
    static let xmlRootName: String? = "ReplicationConfiguration"
    static let xmlFlattenedLists: Set<String> = ["Rule"]
    enum CodingKeys: String, CodingKey { case role = "Role", rules = "Rule" }
}

struct ReplicationRule: WireShape, Codable, Hashable {
    var id: String?
    var priority: Int?
    var prefix: String?
    var filter: ReplicationFilter?
    var status: String
    var existingObjectReplication: ReplicationStatusElement?
    var destination: ReplicationDestination
    var deleteMarkerReplication: ReplicationStatusElement?
    enum CodingKeys: String, CodingKey {
        case id = "ID", priority = "Priority", prefix = "Prefix", filter = "Filter", status = "Status"
        case existingObjectReplication = "ExistingObjectReplication", destination = "Destination", deleteMarkerReplication = "DeleteMarkerReplication"
    }
}

struct ReplicationFilter: WireShape, Codable, Hashable {
    var prefix: String? = nil
    var tag: ObjectTag? = nil
    var and: ReplicationAnd? = nil
    enum CodingKeys: String, CodingKey { case prefix = "Prefix", tag = "Tag", and = "And" }
}

struct ReplicationAnd: WireShape, Codable, Hashable {
    var prefix: String?
    var tags: [ObjectTag]?
    static let xmlFlattenedLists: Set<String> = ["Tag"]
    enum CodingKeys: String, CodingKey { case prefix = "Prefix", tags = "Tag" }
}

/// `<Status>Enabled|Disabled</Status>` elements: DeleteMarkerReplication, ExistingObjectReplication.
struct ReplicationStatusElement: WireShape, Codable, Hashable {
    var status: String?
    enum CodingKeys: String, CodingKey { case status = "Status" }
}

struct ReplicationDestination: WireShape, Codable, Hashable {
    var bucket: String
    var account: String?
    var storageClass: String?
    var accessControlTranslation: AccessControlTranslation?
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", account = "Account", storageClass = "StorageClass", accessControlTranslation = "AccessControlTranslation"
    }
}

struct AccessControlTranslation: WireShape, Codable, Hashable {
    var owner: String
    enum CodingKeys: String, CodingKey { case owner = "Owner" }
}

struct PutBucketReplicationInput: WireShape {
    var bucket: String
    var configuration: ReplicationConfiguration?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "ReplicationConfiguration": .payload]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", configuration = "ReplicationConfiguration" }
}
