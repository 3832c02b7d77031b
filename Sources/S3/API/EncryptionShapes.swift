import Foundation
import Wire

struct ServerSideEncryptionConfiguration: WireShape, Codable, Hashable {
    var rules: [ServerSideEncryptionRule]
    static let xmlRootName: String? = "ServerSideEncryptionConfiguration"
    static let xmlFlattenedLists: Set<String> = ["Rule"]
    enum CodingKeys: String, CodingKey { case rules = "Rule" }

    /// What a bucket without a configuration of its own answers: SSE-S3, as every S3 bucket has had since 2023.
    static let `default` = ServerSideEncryptionConfiguration(rules: [
        ServerSideEncryptionRule(applyServerSideEncryptionByDefault: .init(sseAlgorithm: "AES256", kmsMasterKeyID: nil), bucketKeyEnabled: false),
    ])
}

struct ServerSideEncryptionRule: WireShape, Codable, Hashable {
    var applyServerSideEncryptionByDefault: ServerSideEncryptionByDefault?
    var bucketKeyEnabled: Bool?
    enum CodingKeys: String, CodingKey {
        case applyServerSideEncryptionByDefault = "ApplyServerSideEncryptionByDefault", bucketKeyEnabled = "BucketKeyEnabled"
    }
}

struct ServerSideEncryptionByDefault: WireShape, Codable, Hashable {
    var sseAlgorithm: String
    var kmsMasterKeyID: String?
    enum CodingKeys: String, CodingKey { case sseAlgorithm = "SSEAlgorithm", kmsMasterKeyID = "KMSMasterKeyID" }
}

struct PutBucketEncryptionInput: WireShape {
    var bucket: String
    var configuration: ServerSideEncryptionConfiguration?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "ServerSideEncryptionConfiguration": .payload]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", configuration = "ServerSideEncryptionConfiguration" }
}
