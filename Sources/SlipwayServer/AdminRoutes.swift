import Edge
import Foundation
import HTTPTypes
import Hummingbird
import Lambda
import MLflow
import SlipwayCore

/// Endpoints under `/_slipway/` that are not AWS APIs: health (with the count of `500` answers given, which should
/// stay 0), and the clock hooks tests use when enabled.
struct AdminRoutes: Sendable {
    let testHooks: Bool
    let clock: OffsetWallClock
    let runtimeAPI: LambdaRuntimeAPI
    let customResources: CustomResourceResponses
    let packages: PackageDownloads
    let mlflow: MlflowSessions
    let internalErrors: InternalErrorCount

    var handler: Edge.AdminHandler {
        { [runtimeAPI, customResources, packages, mlflow, internalErrors] request, context in
            if MlflowSessions.handles(request.uri.path) {
                return try await Self.mlflowUI(request, context: context, sessions: mlflow)
            }
            if LambdaRuntimeAPI.handles(request.uri.path) {
                return try await Self.runtime(request, runtimeAPI)
            }
            if PackageDownloads.handles(request.uri.path) {
                let answer = await packages.serve(method: request.method.rawValue, path: request.uri.path, query: Self.query(request))
                return Response(status: .init(code: answer.status), headers: [.contentType: answer.contentType], body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
            }
            if CustomResourceResponses.handles(request.uri.path) {
                let body = try await request.body.collect(upTo: 64 * 1024)
                let answer = customResources.receive(method: request.method.rawValue, path: request.uri.path, query: Self.query(request), body: Array(buffer: body))
                return Response(status: .init(code: answer.status), headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: answer.message)))
            }
            switch (request.method, request.uri.path) {
            case (.get, "/_slipway/health"), (.head, "/_slipway/health"):
                return Self.json(.ok, #"{"status":"ok","internalErrors":\#(internalErrors.value)}"#)
            case (.post, "/_slipway/test/clock") where testHooks:
                guard let seconds = request.uri.queryParameters["advance"].flatMap({ Double(String($0)) }), seconds >= 0 else {
                    return Self.json(.badRequest, #"{"error":"advance=SECONDS is required"}"#)
                }
                clock.advance(by: seconds)
                return Self.json(.ok, #"{"now":"\#(clock.now().ISO8601Format())"}"#)
            default:
                return nil
            }
        }
    }

    static func query(_ request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        return query
    }

    /// A browser's request to a managed MLflow server's UI, its answer streamed back.
    static func mlflowUI(_ request: Request, context: EdgeRequestContext, sessions: MlflowSessions) async throws -> Response {
        var headers: [(name: String, value: String)] = []
        for field in request.headers { headers.append((field.name.rawName, field.value)) }
        if let authority = request.head.authority, !headers.contains(where: { $0.name.lowercased() == "host" }) { headers.append(("host", authority)) }
        let body = try await request.body.collect(upTo: 16 * 1024 * 1024)
        let answer = await sessions.handle(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "", headers: headers, body: Array(buffer: body),
            sourceIP: context.remoteIP
        )
        return Edge.response(answer, isHead: request.method == .head)
    }

    /// A function worker's call to the Runtime API.
    static func runtime(_ request: Request, _ api: LambdaRuntimeAPI) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let body = try await request.body.collect(upTo: 6 * 1024 * 1024 + 1024)
        let answer = await api.handle(method: request.method.rawValue, path: request.uri.path, headers: headers, body: Array(buffer: body))
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let field = HTTPField.Name(name) { fields.append(HTTPField(name: field, value: value)) }
        }
        return Response(status: .init(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
