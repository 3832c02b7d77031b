import Foundation
import Wire

struct InvokeInput: WireShape {
    var functionName: String
    var invocationType: String?
    var logType: String?
    var clientContext: String?
    var qualifier: String?
    var payload: Data?
    static let bindings: [String: WireBinding] = [
        "FunctionName": .uri("FunctionName"), "InvocationType": .header("X-Amz-Invocation-Type"), "LogType": .header("X-Amz-Log-Type"),
        "ClientContext": .header("X-Amz-Client-Context"), "Qualifier": .query("Qualifier"), "Payload": .payload,
    ]
    enum CodingKeys: String, CodingKey {
        case functionName = "FunctionName", invocationType = "InvocationType", logType = "LogType", clientContext = "ClientContext"
        case qualifier = "Qualifier", payload = "Payload"
    }
}

struct InvokeOutput: WireShape {
    var statusCode: Int
    var functionError: String?
    var logResult: String?
    var executedVersion: String?
    var payload: Data?
    static let bindings: [String: WireBinding] = [
        "StatusCode": .statusCode, "FunctionError": .header("X-Amz-Function-Error"), "LogResult": .header("X-Amz-Log-Result"),
        "ExecutedVersion": .header("X-Amz-Executed-Version"), "Payload": .payload,
    ]
    enum CodingKeys: String, CodingKey {
        case statusCode = "StatusCode", functionError = "FunctionError", logResult = "LogResult", executedVersion = "ExecutedVersion", payload = "Payload"
    }
}
