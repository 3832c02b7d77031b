import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Wire

/// The HTTP client Slipway reaches MLflow processes with, over their Unix sockets: kept-alive connections, no
/// redirects followed (MLflow's own redirects reach the browser), bodies streamed both ways.
enum MlflowUpstream {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Headers a hop-by-hop proxy never forwards, and those Slipway sets itself.
    static let dropped: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length",
        "authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256", "cookie", "origin",
        "x-mlflow-sm-tracking-server-arn", "x-sm-mlflow-app-arn",
    ]

    /// Whether the server on `socket` answers its health check.
    static func healthy(socket: String) async -> Bool {
        guard let url = URL(httpURLWithSocketPath: socket, uri: "/health") else { return false }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "Host", value: "localhost")
        do {
            let response = try await client.execute(request, timeout: .seconds(2))
            _ = try? await response.body.collect(upTo: 4096)
            return response.status == .ok
        } catch {
            return false
        }
    }

    /// Sends `method path?query` with `headers` and `body` to the server on `socket`; its answer, the body streamed.
    static func forward(
        socket: String, method: String, path: String, query: String, headers: [(name: String, value: String)], body: [UInt8]
    ) async throws -> WireResponse {
        let uri = query.isEmpty ? path : path + "?" + query
        guard let url = URL(httpURLWithSocketPath: socket, uri: uri) else { throw MlflowRuntimeError("The MLflow server's socket path cannot be used.") }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers where !dropped.contains(name.lowercased()) {
            request.headers.add(name: name, value: value)
        }
        request.headers.replaceOrAdd(name: "Host", value: "localhost")
        if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response = try await client.execute(request, timeout: .seconds(300))
        var answer = WireResponse(status: Int(response.status.code))
        for header in response.headers where !["connection", "keep-alive", "transfer-encoding"].contains(header.name.lowercased()) {
            answer.headers.append((header.name, header.value))
        }
        let length = response.headers.first(name: "content-length").flatMap { Int($0) }
        let source = IteratorBox(iterator: response.body.makeAsyncIterator())
        answer.bodyStream = ByteStream(length: length) {
            guard let buffer = try await source.next() else { return nil }
            return Array(buffer.readableBytesView)
        }
        return answer
    }

    /// Holds a response body's iterator so the stream's closure can advance it.
    private final class IteratorBox: @unchecked Sendable {
        var iterator: HTTPClientResponse.Body.AsyncIterator
        init(iterator: HTTPClientResponse.Body.AsyncIterator) { self.iterator = iterator }
        func next() async throws -> ByteBuffer? { try await iterator.next() }
    }
}
