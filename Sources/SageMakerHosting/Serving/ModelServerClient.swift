import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP client Slipway reaches model servers with on their loopback ports: kept-alive connections, many per
/// server, nothing decompressed or followed.
enum ModelServerClient {
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        configuration.timeout.connect = .seconds(2)
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// Whether the model server on `port` answers `GET /ping` with 200.
    static func ping(port: Int) async -> Bool {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/ping")
        request.method = .GET
        do {
            let response = try await client.execute(request, timeout: .seconds(2))
            _ = try? await response.body.collect(upTo: 1 << 16)
            return response.status == .ok
        } catch {
            return false
        }
    }

    /// A model server's answer.
    struct Answer: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    /// Why an invocation got no answer.
    enum Failure: Error {
        /// The connection could not be made (the server is not listening): another instance may take it.
        case unreachable
        case timedOut
        case tooLarge
        case broken(String)
        /// A kept connection was found closed before the request could be read: another connection may take it.
        case stale
    }

    /// `POST path` to the model server on `port`; its answer, at most `limit` bytes of it.
    static func post(port: Int, path: String, headers: [(String, String)], body: [UInt8], timeout: TimeAmount, limit: Int) async throws -> Answer {
        try await ModelServerConnections.shared.post(port: port, path: path, headers: headers, body: body, timeout: timeout, limit: limit)
    }

    /// A model server's answer whose body is still arriving.
    struct StreamingAnswer: Sendable {
        var status: Int
        var headers: [(String, String)]
        let body: BodyChunks

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    /// A response body's chunks, read one at a time.
    final class BodyChunks: @unchecked Sendable {
        private var iterator: HTTPClientResponse.Body.AsyncIterator
        init(_ body: HTTPClientResponse.Body) { iterator = body.makeAsyncIterator() }
        func next() async throws -> [UInt8]? { try await iterator.next().map { Array($0.readableBytesView) } }
    }

    /// `POST path` to the model server on `port`, its answer's body left to stream.
    static func stream(port: Int, path: String, headers: [(String, String)], body: [UInt8], timeout: TimeAmount) async throws -> StreamingAnswer {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            return StreamingAnswer(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: BodyChunks(response.body))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw Failure.timedOut
        } catch {
            let text = "\(error)"
            if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("NIOConnectionError") { throw Failure.unreachable }
            throw Failure.broken(text)
        }
    }
}
