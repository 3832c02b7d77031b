/// A request as the codecs see it.
public struct WireRequest: Sendable {
    public var method: String
    /// The percent-decoded path.
    public var path: String
    /// The percent-decoded URL query items, in order.
    public var queryItems: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The body as it streams in, for operations whose payload member is a `ByteStream`; `body` is then empty.
    public var bodyStream: ByteStream?
    /// Labels filled by the router from a `URITemplate` match (REST protocols).
    public var pathParameters: [String: String]
    /// The path and query exactly as they arrived, still percent-encoded, for operations that pass a request on.
    public var rawPath: String = ""
    public var rawQuery: String = ""
    /// Whether the request came over TLS (`aws:SecureTransport`; the console's `Secure` cookies).
    public var secureTransport = false

    public init(
        method: String = "POST",
        path: String = "/",
        queryItems: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        pathParameters: [String: String] = [:]
    ) {
        self.method = method
        self.path = path
        self.queryItems = queryItems
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        for header in headers where asciiCaseInsensitiveEquals(header.name, name) {
            return header.value
        }
        return nil
    }

    /// The first value of a URL query item.
    public func query(_ name: String) -> String? {
        for item in queryItems where item.name == name {
            return item.value
        }
        return nil
    }
}

/// Compares two strings ignoring ASCII case, without allocating.
func asciiCaseInsensitiveEquals(_ a: String, _ b: String) -> Bool {
    var left = a.utf8.makeIterator()
    var right = b.utf8.makeIterator()
    while true {
        switch (left.next(), right.next()) {
        case (nil, nil):
            return true
        case (let x?, let y?):
            if x != y && asciiLower(x) != asciiLower(y) { return false }
        default:
            return false
        }
    }
}

/// Lowercases one ASCII letter byte; other bytes pass through.
@inline(__always)
func asciiLower(_ byte: UInt8) -> UInt8 {
    byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
}

/// Whether `string` starts with `prefix`, ignoring ASCII case.
func asciiCaseInsensitiveHasPrefix(_ string: String, _ prefix: String) -> Bool {
    var iterator = string.utf8.makeIterator()
    for byte in prefix.utf8 {
        guard let other = iterator.next(), asciiLower(other) == asciiLower(byte) else { return false }
    }
    return true
}
