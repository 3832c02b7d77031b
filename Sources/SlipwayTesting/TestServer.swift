import Foundation
import Logging
import SigV4
import SlipwayCore
import SlipwayServer
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real Slipway server on a free loopback port with a temporary data directory, for tests.
public final class TestServer: Sendable {
    public let endpoint: URL
    public let port: Int
    public let dataDirectory: URL
    public let rootCredentials: SigV4Credentials
    public let accountID: AccountID
    private let task: Task<Void, any Error>
    private let server: SlipwayServer

    private init(
        endpoint: URL, port: Int, dataDirectory: URL, rootCredentials: SigV4Credentials, accountID: AccountID,
        task: Task<Void, any Error>, server: SlipwayServer
    ) {
        self.server = server
        self.endpoint = endpoint
        self.port = port
        self.dataDirectory = dataDirectory
        self.rootCredentials = rootCredentials
        self.accountID = accountID
        self.task = task
    }

    /// Boots a server; PostgreSQL when `databaseURL` is given, SQLite otherwise.
    public static func start(databaseURL: String? = nil, accountID: AccountID = AccountID("111111111111")!) async throws -> TestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-test-\(UUID().uuidString)")
        var logger = Logger(label: "slipway-test")
        logger.logLevel = .warning
        let configuration = SlipwayConfiguration(port: 0, dataDirectory: directory, accountID: accountID, databaseURL: databaseURL, testHooks: true)
        let server = try await SlipwayServer.bootstrap(configuration, logger: logger)
        guard let created = server.createdRootCredentials else { throw TestServerError.noCredentials }
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await server.run { port in portContinuation.yield(port) }
        }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw TestServerError.didNotStart }
        return TestServer(
            endpoint: URL(string: "http://127.0.0.1:\(port)")!,  // a literal URL with a number
            port: port, dataDirectory: directory,
            rootCredentials: SigV4Credentials(accessKeyID: created.accessKeyID, secretAccessKey: created.secretAccessKey, sessionToken: nil),
            accountID: created.account, task: task, server: server
        )
    }

    /// Runs `body` against a fresh server and always stops it afterwards.
    public static func with<T>(
        databaseURL: String? = nil, _ body: (TestServer) async throws -> T
    ) async throws -> T {
        let server = try await start(databaseURL: databaseURL)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// Shuts the server down gracefully and removes its data directory.
    public func stop() async {
        await server.shutdown()
        _ = try? await task.value
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// Sends a SigV4-signed request and returns status, headers and body.
    public func send(
        method: String = "POST", path: String = "/", query: String = "", headers: [(String, String)] = [], body: [UInt8] = [],
        service: String, credentials: SigV4Credentials? = nil, date: Date = Date(), sign: Bool = true
    ) async throws -> TestResponse {
        var request = SigV4Request(method: method, path: path, query: query, headers: [("host", "127.0.0.1:\(port)")] + headers.map { ($0.0, $0.1) })
        if sign {
            SigV4Signer.sign(&request, body: body, credentials: credentials ?? rootCredentials, region: "us-east-1", service: service, date: date)
        }
        var url = URLComponents(url: endpoint, resolvingAgainstBaseURL: false)!  // built from a valid URL above
        url.percentEncodedPath = path
        if !query.isEmpty { url.percentEncodedQuery = query }
        var urlRequest = URLRequest(url: url.url!)  // components of a valid URL
        urlRequest.httpMethod = method
        for (name, value) in request.headers where name.lowercased() != "host" {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        urlRequest.httpBody = Data(body)
        let (data, response) = try await URLSession.shared.data(for: urlRequest)
        guard let http = response as? HTTPURLResponse else { throw TestServerError.notHTTP }
        var responseHeaders: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { responseHeaders[key.lowercased()] = value }
        }
        return TestResponse(status: http.statusCode, headers: responseHeaders, body: String(decoding: data, as: UTF8.self))
    }

    /// A Query-protocol call (`Action=…&Version=…&params`) signed for `service`.
    public func query(
        _ action: String, version: String, service: String, parameters: [(String, String)] = [], credentials: SigV4Credentials? = nil
    ) async throws -> TestResponse {
        var form = URLComponents()
        form.queryItems = [URLQueryItem(name: "Action", value: action), URLQueryItem(name: "Version", value: version)]
            + parameters.map { URLQueryItem(name: $0.0, value: $0.1) }
        let body = (form.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return try await send(
            headers: [("content-type", "application/x-www-form-urlencoded; charset=utf-8")], body: Array(body.utf8), service: service,
            credentials: credentials
        )
    }
}

/// A response as tests look at it.
public struct TestResponse: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: String

    /// The text of the first `<Name>` element in an XML body.
    public func xmlValue(_ name: String) -> String? {
        guard let start = body.range(of: "<\(name)>"), let end = body.range(of: "</\(name)>", range: start.upperBound..<body.endIndex) else {
            return nil
        }
        return String(body[start.upperBound..<end.lowerBound])
    }
}

/// Why a test server could not be used.
public enum TestServerError: Error {
    case noCredentials
    case didNotStart
    case notHTTP
}
