/// Binding of one member of a REST shape to a part of the HTTP message.
public enum WireBinding: Sendable, Hashable {
    /// A single header, such as `Content-Type` or `x-amz-version-id`.
    case header(String)
    /// All headers starting with a prefix, as `[String: String]` keyed by the rest of the name (`x-amz-meta-`).
    case headerPrefix(String)
    /// A URL query item; a list member takes every item of that name.
    case query(String)
    /// All query items not bound to another member, as `[String: String]`.
    case queryMap
    /// A path label of the operation's `URITemplate` (`Key` for `{Key+}`).
    case uri(String)
    /// The member is the body: `Data`/`[UInt8]` or `String` raw, or a `Codable` struct as the root element.
    case payload
    /// The HTTP status code of a response.
    case statusCode
}
