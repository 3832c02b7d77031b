import Foundation
import Wire

/// A browser's request as the console reads it: method, path under `/console`, query, form fields, cookies and the
/// headers that say where it came from.
struct ConsoleRequest: Sendable {
    var method: String
    /// The path below `/console`, starting with `/` (`/` for the console's root).
    var path: String
    var query: FormFields
    var form: FormFields
    var cookies: [String: String]
    var host: String?
    var origin: String?
    var sourceIP: String?
    /// Whether the browser reached the console over TLS.
    var secureTransport = false

    /// The largest form body the console reads.
    static let bodyLimit = 1024 * 1024

    init(method: String, path: String, query: FormFields = FormFields(pairs: []), form: FormFields = FormFields(pairs: []), cookies: [String: String] = [:], host: String? = nil, origin: String? = nil, sourceIP: String? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.form = form
        self.cookies = cookies
        self.host = host
        self.origin = origin
        self.sourceIP = sourceIP
    }

    /// Reads `request` (its form body, when it is one, up to `bodyLimit`).
    static func read(_ request: WireRequest, sourceIP: String?) async throws -> ConsoleRequest {
        let inner = request.path == "/console" ? "/" : String(request.path.dropFirst("/console".count))
        var body: [UInt8] = request.body
        if let stream = request.bodyStream, request.method == "POST" { body = try await stream.collect(upTo: bodyLimit) }
        let contentType = request.header("Content-Type")?.lowercased() ?? ""
        let form = contentType.hasPrefix("application/x-www-form-urlencoded") ? FormFields(encoded: String(decoding: body, as: UTF8.self)) : FormFields(pairs: [])
        var read = ConsoleRequest(
            method: request.method, path: inner, query: FormFields(pairs: request.queryItems), form: form,
            cookies: Self.cookies(request.headers), host: request.header("Host"), origin: request.header("Origin"), sourceIP: sourceIP
        )
        read.secureTransport = request.secureTransport
        return read
    }

    /// The cookies of every `Cookie` header; the first of a repeated name wins.
    static func cookies(_ headers: [(name: String, value: String)]) -> [String: String] {
        var found: [String: String] = [:]
        for (name, value) in headers where name.lowercased() == "cookie" {
            for part in value.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2, found[String(pair[0])] == nil else { continue }
                found[String(pair[0])] = String(pair[1])
            }
        }
        return found
    }

    /// Whether a state-changing request comes from the console's own pages: an `Origin`, when the browser sends
    /// one, must be this host's.
    var isSameOrigin: Bool {
        guard let origin else { return true }
        guard let host else { return false }
        return origin == "http://\(host)" || origin == "https://\(host)"
    }

    /// Whether the browser keeps a `Secure` cookie from this answer: over TLS, or on a loopback name, which browsers
    /// count as secure over plain HTTP.
    var allowsSecureCookies: Bool { secureTransport || isLoopbackHost }

    /// Whether the browser reached a loopback name, where browsers accept `Secure` cookies over plain HTTP.
    var isLoopbackHost: Bool {
        guard let host else { return false }
        let name: Substring = host.hasPrefix("[") ? host.dropFirst().prefix { $0 != "]" } : host.prefix { $0 != ":" }
        return name == "localhost" || name == "127.0.0.1" || name == "::1"
    }
}
