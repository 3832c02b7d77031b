import Wire

struct FunctionLogsInput: WireShape {
    var functionName: String
    static let bindings: [String: WireBinding] = ["FunctionName": .uri("FunctionName")]
    enum CodingKeys: String, CodingKey { case functionName = "FunctionName" }
}

/// A function's whole log as text.
struct FunctionLogsOutput: WireShape {
    var log: String
    var contentType = "text/plain; charset=utf-8"
    static let bindings: [String: WireBinding] = ["Log": .payload, "Content-Type": .header("Content-Type")]
    enum CodingKeys: String, CodingKey { case log = "Log", contentType = "Content-Type" }
}
