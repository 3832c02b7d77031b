import Foundation
import Wire

struct PublicAccessBlockConfiguration: WireShape, Codable, Hashable {
    var blockPublicAcls: Bool?
    var ignorePublicAcls: Bool?
    var blockPublicPolicy: Bool?
    var restrictPublicBuckets: Bool?
    static let xmlRootName: String? = "PublicAccessBlockConfiguration"
    enum CodingKeys: String, CodingKey {
        case blockPublicAcls = "BlockPublicAcls", ignorePublicAcls = "IgnorePublicAcls", blockPublicPolicy = "BlockPublicPolicy"
        case restrictPublicBuckets = "RestrictPublicBuckets"
    }

    /// What new buckets get, as on AWS since 2023: everything blocked.
    static let allBlocked = PublicAccessBlockConfiguration(blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true)
}

struct PutPublicAccessBlockInput: WireShape {
    var bucket: String
    var configuration: PublicAccessBlockConfiguration?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "PublicAccessBlockConfiguration": .payload]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", configuration = "PublicAccessBlockConfiguration" }
}
