import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SigV4

/// Where a client command reaches the server and who it signs as: `--endpoint-url`, `--region` and a profile from
/// the data directory's credentials file (or `~/.aws/credentials`), with the usual `AWS_*` variables taking over.
struct ClientOptions: ParsableArguments {
    @Option(name: .customLong("endpoint-url"), help: "The server (default AWS_ENDPOINT_URL, else http://127.0.0.1:7433).") var endpointURL: String?
    @Option(help: "Region to sign for (default AWS_REGION / AWS_DEFAULT_REGION, else us-east-1).") var region: String?
    @Option(help: "Credentials profile (default AWS_PROFILE, else default).") var profile: String?
    @Option(name: .customLong("data-dir"), help: "Data directory whose credentials file holds the profile.") var dataDir = ".slipway"
    @Flag(help: "Print the server's JSON answer as it is.") var json = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    func client() throws -> SignedClient {
        let endpoint = endpointURL ?? environment["AWS_ENDPOINT_URL"] ?? "http://127.0.0.1:7433"
        guard let base = URL(string: endpoint), base.host != nil else { throw ValidationError("not an endpoint URL: \(endpoint)") }
        return SignedClient(
            base: base, region: region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? "us-east-1", credentials: try credentials()
        )
    }

    func credentials() throws -> SigV4Credentials {
        if let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"], profile == nil {
            return SigV4Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
        }
        let name = profile ?? environment["AWS_PROFILE"] ?? "default"
        let files = [URL(fileURLWithPath: dataDir).appendingPathComponent("credentials"),
                     FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".aws/credentials")]
        for file in files {
            guard let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            let values = Self.profile(name, in: text)
            if let key = values["aws_access_key_id"], let secret = values["aws_secret_access_key"] {
                return SigV4Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: values["aws_session_token"])
            }
        }
        throw ValidationError("no credentials for profile \(name): set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile and --data-dir")
    }

    /// The `key = value` lines of `[name]` in a shared-credentials file.
    static func profile(_ name: String, in text: String) -> [String: String] {
        var values: [String: String] = [:]
        var inside = false
        for line in text.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("[") { inside = line == "[\(name)]"; continue }
            guard inside, let equals = line.firstIndex(of: "=") else { continue }
            values[line[..<equals].trimmingCharacters(in: .whitespaces)] = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return values
    }
}

/// Calls the server's `/_slipway/` endpoints, signed with SigV4 as the service `slipway`.
struct SignedClient {
    let base: URL
    let region: String
    let credentials: SigV4Credentials

    /// The JSON answer to a call; an error answer becomes a thrown `ClientError` with the server's message.
    func call(_ method: String, _ path: String, query: [(String, String)] = [], body: [String: Any]? = nil) async throws -> Any {
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data()
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.path = path
        components.percentEncodedQuery = query.isEmpty ? nil : query.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        guard let url = components.url else { throw ClientError(message: "cannot form a URL for \(path)") }
        let host = base.port.map { "\(base.host ?? ""):\($0)" } ?? (base.host ?? "")
        var signed = SigV4Request(
            method: method, path: components.percentEncodedPath, query: components.percentEncodedQuery ?? "",
            headers: [("host", host), ("content-type", "application/json")]
        )
        SigV4Signer.sign(&signed, body: Array(payload), credentials: credentials, region: region, service: "slipway", date: Date())
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in signed.headers where name.lowercased() != "host" { request.setValue(value, forHTTPHeaderField: name) }
        if !payload.isEmpty { request.httpBody = payload }
        let (data, response) = try await URLSession.shared.data(for: request)
        let answer = (try? JSONSerialization.jsonObject(with: data)) ?? [:]
        guard let status = (response as? HTTPURLResponse)?.statusCode, (200..<300).contains(status) else {
            let fields = answer as? [String: Any]
            throw ClientError(message: (fields?["message"] ?? fields?["Message"]).map { "\($0)" } ?? String(decoding: data, as: UTF8.self))
        }
        return answer
    }

    /// Sends one signed AWS request to `service` and answers its status and body (errors are the caller's to read).
    func send(
        service: String, method: String, path: String, query: [(String, String)] = [], headers: [(String, String)] = [], body: Data = Data()
    ) async throws -> (status: Int, body: Data) {
        var components = URLComponents(url: base, resolvingAgainstBaseURL: false) ?? URLComponents()
        components.percentEncodedPath = path
        components.percentEncodedQuery = query.isEmpty ? nil : query.map { $0.1.isEmpty ? Self.encode($0.0) : "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        guard let url = components.url else { throw ClientError(message: "cannot form a URL for \(path)") }
        let host = base.port.map { "\(base.host ?? ""):\($0)" } ?? (base.host ?? "")
        var signed = SigV4Request(method: method, path: path, query: components.percentEncodedQuery ?? "", headers: [("host", host)] + headers)
        SigV4Signer.sign(&signed, body: Array(body), credentials: credentials, region: region, service: service, date: Date(), includeContentSHA256: service == "s3")
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in signed.headers where name.lowercased() != "host" { request.setValue(value, forHTTPHeaderField: name) }
        if !body.isEmpty { request.httpBody = body }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// The error code of an AWS error body (XML `<Code>` or JSON `__type`/`code`).
    static func errorCode(_ body: Data) -> String {
        let text = String(decoding: body, as: UTF8.self)
        if let range = text.range(of: "<Code>"), let end = text.range(of: "</Code>", range: range.upperBound..<text.endIndex) {
            return String(text[range.upperBound..<end.lowerBound])
        }
        let fields = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        let code = (fields?["__type"] ?? fields?["code"]).map { "\($0)" } ?? ""
        return String(code.split(separator: "#").last ?? "")
    }

    /// Percent-encodes all but SigV4's unreserved characters, as the canonical query does.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")) ?? text
    }

    static func printJSON(_ value: Any) {
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys]) {
            print(String(decoding: data, as: UTF8.self))
        }
    }
}

/// A refusal from the server, printed as its message.
struct ClientError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
