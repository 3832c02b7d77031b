import Foundation
import SlipwayCore
import Wire

// Shapes of Lambda operations, declared as a REST-JSON service declares them.

struct FunctionCode: Codable, Equatable {
    var zipFile: Data?
    var s3Bucket: String?
    var s3Key: String?

    enum CodingKeys: String, CodingKey { case zipFile = "ZipFile", s3Bucket = "S3Bucket", s3Key = "S3Key" }
}

struct FunctionEnvironment: Codable, Equatable {
    var variables: [String: String]?

    enum CodingKeys: String, CodingKey { case variables = "Variables" }
}

struct CreateFunctionInput: Codable, Equatable {
    var functionName: String
    var runtime: String?
    var role: String
    var handler: String?
    var code: FunctionCode
    var timeout: Int?
    var environment: FunctionEnvironment?
    var tags: [String: String]?
    var layers: [String]?
    var publish: Bool?

    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", runtime = "Runtime", role = "Role", handler = "Handler", code = "Code"
        case timeout = "Timeout", environment = "Environment", tags = "Tags", layers = "Layers", publish = "Publish"
    }
}

struct FunctionConfiguration: WireShape, Equatable {
    var functionName: String?
    var functionArn: String?
    var runtime: String?
    var role: String?
    var handler: String?
    var codeSize: Int64?
    var timeout: Int?
    var memorySize: Int?
    var lastModified: String?
    var environment: FunctionEnvironment?
    var state: String?

    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", functionArn = "FunctionArn", runtime = "Runtime", role = "Role"
        case handler = "Handler", codeSize = "CodeSize", timeout = "Timeout", memorySize = "MemorySize"
        case lastModified = "LastModified", environment = "Environment", state = "State"
    }
}

struct InvokeInput: WireShape, Equatable {
    var functionName: String
    var invocationType: String?
    var logType: String?
    var clientContext: String?
    var payload: [UInt8]?
    var qualifier: String?

    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", invocationType = "InvocationType", logType = "LogType"
        case clientContext = "ClientContext", payload = "Payload", qualifier = "Qualifier"
    }

    static let bindings: [String: WireBinding] = [
        "FunctionName": .uri("FunctionName"), "InvocationType": .header("X-Amz-Invocation-Type"),
        "LogType": .header("X-Amz-Log-Type"), "ClientContext": .header("X-Amz-Client-Context"),
        "Payload": .payload, "Qualifier": .query("Qualifier"),
    ]
}

struct InvokeOutput: WireShape, Equatable {
    var statusCode: Int?
    var functionError: String?
    var logResult: String?
    var payload: [UInt8]?
    var executedVersion: String?

    enum CodingKeys: String, CodingKey {
        case statusCode = "StatusCode", functionError = "FunctionError", logResult = "LogResult"
        case payload = "Payload", executedVersion = "ExecutedVersion"
    }

    static let bindings: [String: WireBinding] = [
        "StatusCode": .statusCode, "FunctionError": .header("X-Amz-Function-Error"),
        "LogResult": .header("X-Amz-Log-Result"), "Payload": .payload, "ExecutedVersion": .header("X-Amz-Executed-Version"),
    ]
}

struct ListFunctionsInput: WireShape, Equatable {
    var masterRegion: String?
    var functionVersion: String?
    var marker: String?
    var maxItems: Int?

    enum CodingKeys: String, CodingKey {
        case masterRegion = "MasterRegion", functionVersion = "FunctionVersion", marker = "Marker", maxItems = "MaxItems"
    }

    static let bindings: [String: WireBinding] = [
        "MasterRegion": .query("MasterRegion"), "FunctionVersion": .query("FunctionVersion"),
        "Marker": .query("Marker"), "MaxItems": .query("MaxItems"),
    ]
}

struct ListFunctionsOutput: Codable, Equatable {
    var nextMarker: String?
    var functions: [FunctionConfiguration]?

    enum CodingKeys: String, CodingKey { case nextMarker = "NextMarker", functions = "Functions" }
}

struct TagResourceInput: WireShape, Equatable {
    var resource: String
    var tags: [String: String]

    enum CodingKeys: String, CodingKey { case resource = "Resource", tags = "Tags" }

    static let bindings: [String: WireBinding] = ["Resource": .uri("Resource")]
}

struct UntagResourceInput: WireShape, Equatable {
    var resource: String
    var tagKeys: [String]

    enum CodingKeys: String, CodingKey { case resource = "Resource", tagKeys = "TagKeys" }

    static let bindings: [String: WireBinding] = ["Resource": .uri("Resource"), "TagKeys": .query("tagKeys")]
}

struct AddPermissionInput: WireShape, Equatable {
    var functionName: String
    var statementId: String
    var action: String
    var principal: String
    var sourceArn: String?
    var qualifier: String?

    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", statementId = "StatementId", action = "Action", principal = "Principal"
        case sourceArn = "SourceArn", qualifier = "Qualifier"
    }

    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName"), "Qualifier": .query("Qualifier")]
}

struct AddPermissionOutput: Codable, Equatable {
    var statement: String?

    enum CodingKeys: String, CodingKey { case statement = "Statement" }
}

struct FunctionEventInvokeConfig: Codable, Equatable {
    var lastModified: Date?
    var functionArn: String?
    var maximumRetryAttempts: Int?
    var maximumEventAgeInSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case lastModified = "LastModified", functionArn = "FunctionArn"
        case maximumRetryAttempts = "MaximumRetryAttempts", maximumEventAgeInSeconds = "MaximumEventAgeInSeconds"
    }
}

/// A REST-JSON input reading a timestamp from a header and another from the query string.
struct TimestampBindingsInput: WireShape, Equatable {
    var since: Date?
    var until: Date?
    var at: Date?

    enum CodingKeys: String, CodingKey { case since = "Since", until = "Until", at = "At" }

    static let bindings: [String: WireBinding] = ["Since": .header("X-Since"), "Until": .query("until")]
}

/// An input gathering every query item not bound elsewhere.
struct QueryMapInput: WireShape, Equatable {
    var name: String
    var rest: [String: String]?

    enum CodingKeys: String, CodingKey { case name = "Name", rest = "Rest" }

    static let bindings: [String: WireBinding] = ["Name": .query("name"), "Rest": .queryMap]
}
