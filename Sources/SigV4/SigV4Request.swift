/// The parts of an HTTP request a signature covers.
public struct SigV4Request: Sendable {
    public var method: String
    /// The path as received on the wire (still percent-encoded), without the query.
    public var path: String
    /// The raw query string without the leading `?`; empty when there is none.
    public var query: String
    /// Headers as received: any case, names may repeat.
    public var headers: [(name: String, value: String)]

    public init(method: String, path: String, query: String, headers: [(name: String, value: String)]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
    }

    /// The value of a header, matched case-insensitively; repeated headers are joined with ",".
    public func header(_ name: String) -> String? {
        var found: String?
        for header in headers where ASCII.equalsIgnoringCase(header.name, name) {
            if let earlier = found {
                found = earlier + "," + header.value
            } else {
                found = header.value
            }
        }
        return found
    }

    mutating func removeHeaders(named name: String) {
        headers.removeAll { ASCII.equalsIgnoringCase($0.name, name) }
    }

    /// Replaces every header of that name with one value, as botocore does when it re-signs.
    mutating func setHeader(_ name: String, _ value: String) {
        removeHeaders(named: name)
        headers.append((name: name, value: value))
    }
}
