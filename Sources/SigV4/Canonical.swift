/// The first two SigV4 stages, canonical request and string to sign, shared by the signer and the verifier
/// so that both always agree on every byte.
enum Canonical {
    static let algorithm = "AWS4-HMAC-SHA256"

    /// The canonical URI. S3 signs the path exactly as sent; every other service signs it with dot segments
    /// and repeated slashes removed and each segment percent-encoded once more (botocore's `quote(path, safe='/~')`).
    static func uri(path: String, service: String) -> String {
        if service == "s3" {
            return path.isEmpty ? "/" : path
        }
        if isAlreadyCanonical(path) { return path }
        return URIEncoding.encode(normalizedPath(path).utf8, keepSlash: true)
    }

    /// Whether normalising and encoding would leave `path` as it is: only unreserved bytes and single slashes,
    /// no `.` or `..` segment (most API paths, `/` and `/endpoints/x/invocations`).
    static func isAlreadyCanonical(_ path: String) -> Bool {
        var previous = UInt8(ascii: "/")
        var segmentLength = 0
        var segmentAllDots = true
        guard path.utf8.first == UInt8(ascii: "/") else { return false }
        for byte in path.utf8.dropFirst() {
            if byte == UInt8(ascii: "/") {
                if previous == UInt8(ascii: "/") { return false }
                if segmentAllDots, segmentLength <= 2 { return false }
                segmentLength = 0
                segmentAllDots = true
            } else {
                guard URIEncoding.isUnreserved(byte) else { return false }
                segmentLength += 1
                if byte != UInt8(ascii: ".") { segmentAllDots = false }
            }
            previous = byte
        }
        return segmentLength == 0 || !segmentAllDots || segmentLength > 2
    }

    /// RFC 3986 dot-segment removal plus collapsing of empty segments, as botocore's `remove_dot_segments` does.
    static func normalizedPath(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var output: [Substring] = []
        for segment in ASCII.split(path, on: UInt8(ascii: "/"), omittingEmpty: true) {
            switch segment {
            case ".":
                continue
            case "..":
                if !output.isEmpty { output.removeLast() }
            default:
                output.append(segment)
            }
        }
        let leading = path.hasPrefix("/") ? "/" : ""
        let trailing = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
        return leading + output.joined(separator: "/") + trailing
    }

    /// The canonical query: every name and value decoded and re-encoded, sorted by name then value.
    /// `excluding` drops a parameter by its decoded name (the presigned `X-Amz-Signature`).
    static func query(_ raw: String, excluding: String? = nil) -> String {
        guard !raw.isEmpty else { return "" }
        var pairs: [(name: String, value: String)] = []
        for pair in ASCII.split(raw, on: UInt8(ascii: "&"), omittingEmpty: true) {
            let (name, value) = ASCII.cut(pair, at: UInt8(ascii: "=")) ?? (pair, "")
            let decodedName = URIEncoding.decode(name, plusAsSpace: true)
            if let excluding, decodedName.elementsEqual(excluding.utf8) { continue }
            pairs.append((URIEncoding.encode(decodedName), URIEncoding.encode(URIEncoding.decode(value, plusAsSpace: true))))
        }
        pairs.sort { lhs, rhs in
            if lhs.name != rhs.name {
                return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
            }
            return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        return pairs.map { $0.name + "=" + $0.value }.joined(separator: "&")
    }

    /// Appends one `name:value` line per signed header to `out`: values trimmed with inner runs of spaces collapsed,
    /// repeated headers joined with commas in the order received. A few signed names against a few headers are
    /// found faster by scanning than through a dictionary of lowercased copies.
    static func appendHeaders(of request: SigV4Request, signedHeaders: [String], to out: inout [UInt8]) {
        for name in signedHeaders {
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: ":"))
            var first = true
            for header in request.headers where ASCII.equalsIgnoringCase(header.name, name) {
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: headerValue(header.value).utf8)
                first = false
            }
            out.append(UInt8(ascii: "\n"))
        }
    }

    /// Trims a value and collapses runs of spaces; an obsolete line-folded value becomes a comma list,
    /// as AWS's `get-header-value-multiline` vector expects.
    static func headerValue(_ value: String) -> String {
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            return collapseSpaces(ASCII.trimmed(value))
        }
        let lines = value.utf8.split { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        if lines.count > 1 {
            return lines.map { collapseSpaces(ASCII.trimmed(String(decoding: $0, as: UTF8.self))) }
                .filter { !$0.isEmpty }
                .joined(separator: ",")
        }
        return collapseSpaces(ASCII.trimmed(value))
    }

    private static func collapseSpaces(_ value: String) -> String {
        // Most values have no tab and no double space: return them without a copy.
        var previous: UInt8 = 0
        var needsWork = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: "\t") || (byte == UInt8(ascii: " ") && previous == UInt8(ascii: " ")) {
                needsWork = true
                break
            }
            previous = byte
        }
        guard needsWork else { return value }
        var out = [UInt8]()
        out.reserveCapacity(value.utf8.count)
        var lastWasSpace = false
        for byte in value.utf8 {
            if ASCII.isSpace(byte) {
                if !lastWasSpace { out.append(UInt8(ascii: " ")) }
                lastWasSpace = true
            } else {
                out.append(byte)
                lastWasSpace = false
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func request(_ request: SigV4Request, signedHeaders: [String], payloadHash: String, service: String, queryExcluding: String? = nil) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        out.append(contentsOf: request.method.utf8)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: uri(path: request.path, service: service).utf8)
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: query(request.query, excluding: queryExcluding).utf8)
        out.append(UInt8(ascii: "\n"))
        appendHeaders(of: request, signedHeaders: signedHeaders, to: &out)
        out.append(UInt8(ascii: "\n"))
        for (index, name) in signedHeaders.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ";")) }
            out.append(contentsOf: name.utf8)
        }
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: payloadHash.utf8)
        return String(decoding: out, as: UTF8.self)
    }

    static func scope(dateStamp: String, region: String, service: String) -> String {
        "\(dateStamp)/\(region)/\(service)/aws4_request"
    }

    static func stringToSign(amzDate: String, credentialScope: String, canonicalRequest: String) -> String {
        [algorithm, amzDate, credentialScope, Hex.sha256(canonicalRequest)].joined(separator: "\n")
    }
}
