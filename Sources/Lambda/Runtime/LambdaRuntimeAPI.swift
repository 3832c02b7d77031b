import Foundation

/// The Lambda Runtime API (`/2018-06-01/runtime/…`) as workers call it under `/_slipway/runtime/<token>/`: the
/// server's HTTP layer hands requests here and writes back the answer.
public struct LambdaRuntimeAPI: Sendable {
    let runtime: FunctionRuntime

    /// The path every Runtime API request starts with.
    public static let prefix = "/_slipway/runtime/"

    /// An answer to a worker.
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]
    }

    /// Whether a request with this path is the Runtime API's.
    public static func handles(_ path: String) -> Bool { path.hasPrefix(prefix) }

    /// Serves one Runtime API request.
    public func handle(method: String, path: String, headers: [String: String], body: [UInt8]) async -> Answer {
        let rest = path.dropFirst(Self.prefix.count)
        guard let slash = rest.firstIndex(of: "/") else { return Self.error(404, "Runtime.UnknownPath") }
        let token = String(rest[..<slash])
        let parts = rest[rest.index(after: slash)...].split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[0] == "2018-06-01", parts[1] == "runtime" else { return Self.error(404, "Runtime.UnknownPath") }
        do {
            switch (method, Array(parts.dropFirst(2))) {
            case ("GET", ["invocation", "next"]):
                guard let invocation = try await runtime.next(token: token) else { return Self.error(410, "Runtime.WorkerStopped") }
                var answerHeaders = [
                    ("Lambda-Runtime-Aws-Request-Id", invocation.requestID), ("Lambda-Runtime-Deadline-Ms", String(invocation.deadlineMS)),
                    ("Lambda-Runtime-Invoked-Function-Arn", invocation.invokedARN), ("Lambda-Runtime-Trace-Id", "Root=1-\(invocation.requestID.prefix(8))"),
                    ("Content-Type", "application/json"),
                ]
                if let client = invocation.clientContext { answerHeaders.append(("Lambda-Runtime-Client-Context", client)) }
                return Answer(status: 200, headers: answerHeaders, body: invocation.payload)
            case ("POST", let route) where route.count == 3 && route[0] == "invocation" && route[2] == "response":
                try await runtime.respond(token: token, requestID: route[1], outcome: .response(body))
                return Self.accepted
            case ("POST", let route) where route.count == 3 && route[0] == "invocation" && route[2] == "error":
                let type = headers["lambda-runtime-function-error-type"] ?? "Unhandled"
                try await runtime.respond(token: token, requestID: route[1], outcome: .error(type: type, document: body))
                return Self.accepted
            case ("POST", ["init", "error"]):
                let type = headers["lambda-runtime-function-error-type"] ?? "Runtime.Unknown"
                try await runtime.initError(token: token, type: type, document: body)
                return Self.accepted
            default:
                return Self.error(404, "Runtime.UnknownPath")
            }
        } catch FunctionRuntime.RuntimeAPIError.unknownRequest {
            return Self.error(400, "InvalidRequestID")
        } catch {
            return Self.error(403, "Runtime.UnknownWorker")
        }
    }

    static let accepted = Answer(status: 202, headers: [("Content-Type", "application/json")], body: Array(#"{"status":"OK"}"#.utf8))

    static func error(_ status: Int, _ type: String) -> Answer {
        Answer(status: status, headers: [("Content-Type", "application/json")], body: Array(#"{"errorMessage":"\#(type)","errorType":"\#(type)"}"#.utf8))
    }
}
