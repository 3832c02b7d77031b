import Foundation
import Wire

/// A request captured from botocore, as the fixture script records it.
struct BotocoreRequest: Sendable {
    let method: String
    let path: String
    let queryItems: [(name: String, value: String)]
    let headers: [(name: String, value: String)]
    let body: [UInt8]
    /// The operation's `requestUri` in the service model (REST protocols).
    let uriTemplate: String?

    /// The request as the edge hands it to a codec: for REST, labels come from matching the operation's template.
    var wireRequest: WireRequest {
        var request = WireRequest(method: method, path: path, queryItems: queryItems, headers: headers, body: body)
        if let uriTemplate, let labels = URITemplate(uriTemplate).match(path: path, queryItems: queryItems) {
            request.pathParameters = labels
        }
        return request
    }
}

/// A date from ISO 8601 text, for expectations.
func isoDate(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
    return formatter.date(from: text) ?? Date(timeIntervalSince1970: -1)
}

extension WireResponse {
    /// The body as UTF-8 text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// Headers with names lowercased, for order-independent comparison.
    var headerDictionary: [String: String] {
        Dictionary(headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}

/// The error a decode throws, or nil when it succeeds.
func decodeError<T: Decodable>(_ type: T.Type, _ codec: WireCodec, _ request: WireRequest) -> WireError? {
    do {
        _ = try codec.decode(type, from: request)
        return nil
    } catch {
        return error
    }
}
