import Foundation
import Wire

struct FunctionCodeShape: Codable, Sendable {
    var zipFile: Data?
    var s3Bucket: String?
    var s3Key: String?
    var s3ObjectVersion: String?
    var imageUri: String?
    enum CodingKeys: String, CodingKey {
        case zipFile = "ZipFile", s3Bucket = "S3Bucket", s3Key = "S3Key", s3ObjectVersion = "S3ObjectVersion", imageUri = "ImageUri"
    }
}

struct EnvironmentShape: Codable, Sendable {
    var variables: [String: String]?
    enum CodingKeys: String, CodingKey { case variables = "Variables" }
}

struct EphemeralStorageShape: Codable, Sendable {
    var size: Int
    enum CodingKeys: String, CodingKey { case size = "Size" }
}

struct CreateFunctionInput: WireShape {
    var functionName: String
    var runtime: String?
    var role: String
    var handler: String?
    var code: FunctionCodeShape
    var description: String?
    var timeout: Int?
    var memorySize: Int?
    var publish: Bool?
    var packageType: String?
    var environment: EnvironmentShape?
    var tags: [String: String]?
    var architectures: [String]?
    var ephemeralStorage: EphemeralStorageShape?
    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", runtime = "Runtime", role = "Role", handler = "Handler", code = "Code", description = "Description"
        case timeout = "Timeout", memorySize = "MemorySize", publish = "Publish", packageType = "PackageType", environment = "Environment"
        case tags = "Tags", architectures = "Architectures", ephemeralStorage = "EphemeralStorage"
    }
}

/// `FunctionConfiguration`, the answer of most function operations.
struct FunctionConfigurationShape: WireShape {
    var functionName: String
    var functionArn: String
    var runtime: String
    var role: String
    var handler: String
    var codeSize: Int
    var description: String
    var timeout: Int
    var memorySize: Int
    var lastModified: String
    var codeSha256: String
    var version: String
    var environment: EnvironmentShape?
    var tracingConfig: [String: String]
    var revisionId: String
    var state: String
    var stateReason: String?
    var stateReasonCode: String?
    var lastUpdateStatus: String
    var packageType: String
    var architectures: [String]
    var ephemeralStorage: EphemeralStorageShape
    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", functionArn = "FunctionArn", runtime = "Runtime", role = "Role", handler = "Handler"
        case codeSize = "CodeSize", description = "Description", timeout = "Timeout", memorySize = "MemorySize", lastModified = "LastModified"
        case codeSha256 = "CodeSha256", version = "Version", environment = "Environment", tracingConfig = "TracingConfig", revisionId = "RevisionId"
        case state = "State", stateReason = "StateReason", stateReasonCode = "StateReasonCode", lastUpdateStatus = "LastUpdateStatus"
        case packageType = "PackageType", architectures = "Architectures", ephemeralStorage = "EphemeralStorage"
    }
}

/// A function configuration answered with `201 Created`.
struct CreatedFunctionOutput: WireShape {
    var status = 201
    var configuration: FunctionConfigurationShape
    static let bindings: [String: WireBinding] = ["Status": .statusCode, "Configuration": .payload]
    enum CodingKeys: String, CodingKey { case status = "Status", configuration = "Configuration" }
}

struct FunctionNameInput: WireShape {
    var functionName: String
    var qualifier: String?
    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName"), "Qualifier": .query("Qualifier")]
    enum CodingKeys: String, CodingKey { case functionName = "FunctionName", qualifier = "Qualifier" }
}

struct FunctionCodeLocationShape: Codable, Sendable {
    var repositoryType: String
    var location: String?
    enum CodingKeys: String, CodingKey { case repositoryType = "RepositoryType", location = "Location" }
}

struct ConcurrencyShape: Codable, Sendable {
    var reservedConcurrentExecutions: Int?
    enum CodingKeys: String, CodingKey { case reservedConcurrentExecutions = "ReservedConcurrentExecutions" }
}

struct GetFunctionOutput: WireShape {
    var configuration: FunctionConfigurationShape
    var code: FunctionCodeLocationShape
    var tags: [String: String]?
    var concurrency: ConcurrencyShape?
    enum CodingKeys: String, CodingKey { case configuration = "Configuration", code = "Code", tags = "Tags", concurrency = "Concurrency" }
}

struct ListFunctionsInput: WireShape {
    var marker: String?
    var maxItems: Int?
    var functionVersion: String?
    static let bindings: [String: WireBinding] = [
        "Marker": .query("Marker"), "MaxItems": .query("MaxItems"), "FunctionVersion": .query("FunctionVersion"),
    ]
    enum CodingKeys: String, CodingKey { case marker = "Marker", maxItems = "MaxItems", functionVersion = "FunctionVersion" }
}

struct ListFunctionsOutput: WireShape {
    var functions: [FunctionConfigurationShape]
    var nextMarker: String?
    enum CodingKeys: String, CodingKey { case functions = "Functions", nextMarker = "NextMarker" }
}

struct ListVersionsOutput: WireShape {
    var versions: [FunctionConfigurationShape]
    var nextMarker: String?
    enum CodingKeys: String, CodingKey { case versions = "Versions", nextMarker = "NextMarker" }
}

struct ListVersionsInput: WireShape {
    var functionName: String
    var marker: String?
    var maxItems: Int?
    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName"), "Marker": .query("Marker"), "MaxItems": .query("MaxItems")]
    enum CodingKeys: String, CodingKey { case functionName = "FunctionName", marker = "Marker", maxItems = "MaxItems" }
}

struct UpdateFunctionCodeInput: WireShape {
    var functionName: String
    var zipFile: Data?
    var s3Bucket: String?
    var s3Key: String?
    var s3ObjectVersion: String?
    var imageUri: String?
    var publish: Bool?
    var dryRun: Bool?
    var revisionId: String?
    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName")]
    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", zipFile = "ZipFile", s3Bucket = "S3Bucket", s3Key = "S3Key", s3ObjectVersion = "S3ObjectVersion"
        case imageUri = "ImageUri", publish = "Publish", dryRun = "DryRun", revisionId = "RevisionId"
    }
    var code: FunctionCodeShape { FunctionCodeShape(zipFile: zipFile, s3Bucket: s3Bucket, s3Key: s3Key, s3ObjectVersion: s3ObjectVersion, imageUri: imageUri) }
}

struct UpdateFunctionConfigurationInput: WireShape {
    var functionName: String
    var role: String?
    var handler: String?
    var description: String?
    var timeout: Int?
    var memorySize: Int?
    var environment: EnvironmentShape?
    var runtime: String?
    var revisionId: String?
    var ephemeralStorage: EphemeralStorageShape?
    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName")]
    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", role = "Role", handler = "Handler", description = "Description", timeout = "Timeout"
        case memorySize = "MemorySize", environment = "Environment", runtime = "Runtime", revisionId = "RevisionId", ephemeralStorage = "EphemeralStorage"
    }
}

struct PublishVersionInput: WireShape {
    var functionName: String
    var codeSha256: String?
    var description: String?
    var revisionId: String?
    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName")]
    enum CodingKeys: String, CodingKey { case functionName = "FunctionName", codeSha256 = "CodeSha256", description = "Description", revisionId = "RevisionId" }
}

struct PutConcurrencyInput: WireShape {
    var functionName: String
    var reservedConcurrentExecutions: Int
    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName")]
    enum CodingKeys: String, CodingKey { case functionName = "FunctionName", reservedConcurrentExecutions = "ReservedConcurrentExecutions" }
}

/// An empty answer with `204 No Content`.
struct NoContentOutput: WireShape {
    var status = 204
    static let bindings: [String: WireBinding] = ["Status": .statusCode]
    enum CodingKeys: String, CodingKey { case status = "Status" }
}
