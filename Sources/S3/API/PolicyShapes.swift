import Foundation
import Wire

struct PutBucketPolicyInput: WireShape {
    var bucket: String
    var policy: String?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "Policy": .payload]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", policy = "Policy" }
}

struct GetBucketPolicyOutput: WireShape {
    var policy: String
    var contentType = "application/json"
    static let bindings: [String: WireBinding] = ["Policy": .payload, "Content-Type": .header("Content-Type")]
    enum CodingKeys: String, CodingKey { case policy = "Policy", contentType = "Content-Type" }
}

struct PolicyStatusShape: WireShape {
    var isPublic: Bool
    static let xmlRootName: String? = "PolicyStatus"
    enum CodingKeys: String, CodingKey { case isPublic = "IsPublic" }
}

struct GetBucketPolicyStatusOutput: WireShape {
    var status: PolicyStatusShape
    static let bindings: [String: WireBinding] = ["PolicyStatus": .payload]
    enum CodingKeys: String, CodingKey { case status = "PolicyStatus" }
}
