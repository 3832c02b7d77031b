import Foundation
import Wire

struct CORSRule: WireShape, Hashable {
    var id: String?
    var allowedHeaders: [String]?
    var allowedMethods: [String]
    var allowedOrigins: [String]
    var exposeHeaders: [String]?
    var maxAgeSeconds: Int?
    static let xmlFlattenedLists: Set<String> = ["AllowedHeader", "AllowedMethod", "AllowedOrigin", "ExposeHeader"]
    enum CodingKeys: String, CodingKey {
        case id = "ID", allowedHeaders = "AllowedHeader", allowedMethods = "AllowedMethod", allowedOrigins = "AllowedOrigin"
        case exposeHeaders = "ExposeHeader", maxAgeSeconds = "MaxAgeSeconds"
    }
}

struct CORSConfiguration: WireShape, Hashable {
    var rules: [CORSRule]
    static let xmlRootName: String? = "CORSConfiguration"
    static let xmlFlattenedLists: Set<String> = ["CORSRule"]
    enum CodingKeys: String, CodingKey { case rules = "CORSRule" }
}

struct PutBucketCorsInput: WireShape {
    var bucket: String
    var configuration: CORSConfiguration?
    static let bindings: [String: WireBinding] = ["Bucket": .uri("Bucket"), "CORSConfiguration": .payload]
    enum CodingKeys: String, CodingKey { case bucket = "Bucket", configuration = "CORSConfiguration" }
}

struct PreflightInput: WireShape {
    var bucket: String
    var key: String?
    var origin: String?
    var requestMethod: String?
    var requestHeaders: String?
    static let bindings: [String: WireBinding] = [
        "Bucket": .uri("Bucket"), "Key": .uri("Key+"), "Origin": .header("Origin"),
        "Access-Control-Request-Method": .header("Access-Control-Request-Method"),
        "Access-Control-Request-Headers": .header("Access-Control-Request-Headers"),
    ]
    enum CodingKeys: String, CodingKey {
        case bucket = "Bucket", key = "Key", origin = "Origin", requestMethod = "Access-Control-Request-Method"
        case requestHeaders = "Access-Control-Request-Headers"
    }
}

struct PreflightOutput: WireShape {
    var allowOrigin: String
    var allowMethods: String
    var allowHeaders: String?
    var exposeHeaders: String?
    var maxAge: Int?
    var allowCredentials: String?
    var vary = "Origin, Access-Control-Request-Headers, Access-Control-Request-Method"
    static let bindings: [String: WireBinding] = [
        "Access-Control-Allow-Origin": .header("Access-Control-Allow-Origin"), "Access-Control-Allow-Methods": .header("Access-Control-Allow-Methods"),
        "Access-Control-Allow-Headers": .header("Access-Control-Allow-Headers"), "Access-Control-Expose-Headers": .header("Access-Control-Expose-Headers"),
        "Access-Control-Max-Age": .header("Access-Control-Max-Age"), "Access-Control-Allow-Credentials": .header("Access-Control-Allow-Credentials"),
        "Vary": .header("Vary"),
    ]
    enum CodingKeys: String, CodingKey {
        case allowOrigin = "Access-Control-Allow-Origin", allowMethods = "Access-Control-Allow-Methods"
        case allowHeaders = "Access-Control-Allow-Headers", exposeHeaders = "Access-Control-Expose-Headers"
        case maxAge = "Access-Control-Max-Age", allowCredentials = "Access-Control-Allow-Credentials", vary = "Vary"
    }
}
