import Crypto
import Foundation

/// S3's signature version 2, which boto3 and the aws CLI still use for presigned URLs by default: query form
/// (`AWSAccessKeyId`, `Signature`, `Expires`) and header form (`Authorization: AWS <key>:<signature>`). The signature
/// is the base64 HMAC-SHA1 of method, Content-MD5, Content-Type, the date (or `Expires`), the `x-amz-*` headers and
/// the resource with its sub-resources, as botocore's `HmacV1Auth` builds it.
public struct SigV2Claim: Sendable, Equatable {
    public let accessKeyID: String
    public let signature: String
    /// When a presigned URL stops working; nil for the header form.
    public let expires: Date?
    /// The `Expires` parameter as sent (it is what was signed).
    let expiresText: String?
    /// The header form's date (`x-amz-date`, else `Date`).
    public let date: Date?
    public let sessionToken: String?

    public var isPresigned: Bool { expiresText != nil }
}

/// Reads and checks SigV2.
public enum SigV2 {
    /// The sub-resources the canonical resource keeps (botocore's list, which is S3's).
    static let subResources: Set<String> = [
        "accelerate", "acl", "cors", "defaultObjectAcl", "location", "logging", "partNumber", "policy", "requestPayment", "torrent", "versioning",
        "versionId", "versions", "website", "uploads", "uploadId", "response-content-type", "response-content-language", "response-expires",
        "response-cache-control", "response-content-disposition", "response-content-encoding", "delete", "lifecycle", "tagging", "restore",
        "storageClass", "notification", "replication", "analytics", "metrics", "inventory", "select", "select-type", "object-lock",
    ]

    /// The claim a request carries; nil when it carries no SigV2; throws when it carries a malformed one.
    public static func claim(of request: SigV4Request) throws(SigV4Error) -> SigV2Claim? {
        if let authorization = request.header("authorization"), authorization.hasPrefix("AWS ") {
            let credentials = authorization.dropFirst(4)
            guard let colon = credentials.lastIndex(of: ":"), colon != credentials.startIndex else {
                throw .incompleteSignature("AWS authorization header is malformed: expecting AWS <AccessKeyId>:<Signature>")
            }
            let date: Date?
            if let amzDate = request.header("x-amz-date") {
                date = AmzDate.parseHTTPDate(ASCII.trimmed(amzDate)) ?? AmzDate.parseBasic(ASCII.trimmed(amzDate))
            } else {
                date = request.header("date").flatMap { AmzDate.parseHTTPDate(ASCII.trimmed($0)) }
            }
            guard let date else { throw .incompleteSignature(SigV4Message.missingDate) }
            return SigV2Claim(
                accessKeyID: String(credentials[..<colon]), signature: String(credentials[credentials.index(after: colon)...]), expires: nil,
                expiresText: nil, date: date, sessionToken: request.header("x-amz-security-token")
            )
        }
        let query = QueryParameters(request.query)
        guard let key = query["AWSAccessKeyId"], let signature = query["Signature"] else { return nil }
        guard let expiresText = query["Expires"], let seconds = Int(expiresText) else {
            throw .malformedPresign("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters")
        }
        return SigV2Claim(
            accessKeyID: key, signature: signature, expires: Date(timeIntervalSince1970: TimeInterval(seconds)), expiresText: expiresText, date: nil,
            sessionToken: query["x-amz-security-token"] ?? request.header("x-amz-security-token")
        )
    }

    /// The string the signature covers. `resourcePath` is the path as sent, with the bucket first when the request
    /// came to a bucket's virtual host.
    public static func stringToSign(_ request: SigV4Request, claim: SigV2Claim, resourcePath: String) -> String {
        var pairs: [(name: String, value: String?)] = []
        for item in ASCII.split(request.query, on: UInt8(ascii: "&"), omittingEmpty: true) {
            if let (name, value) = ASCII.cut(item, at: UInt8(ascii: "=")) {
                pairs.append((String(name), String(decoding: URIEncoding.decode(value, plusAsSpace: false), as: UTF8.self)))
            } else {
                pairs.append((String(item), nil))
            }
        }
        // A presigned URL carries its signed x-amz-* headers, Content-Type and Content-MD5 as query parameters.
        var headers: [String: [String]] = [:]
        for header in request.headers { headers[ASCII.lowercased(header.name), default: []].append(ASCII.trimmed(header.value)) }
        if claim.isPresigned {
            for pair in pairs {
                let name = ASCII.lowercased(pair.name)
                guard name.hasPrefix("x-amz-") || name == "content-type" || name == "content-md5", let value = pair.value else { continue }
                headers[name] = [value]
            }
        }
        let date = claim.expiresText ?? (headers["x-amz-date"] != nil ? "" : headers["date"]?.first ?? "")
        var lines = [request.method.uppercased(), headers["content-md5"]?.first ?? "", headers["content-type"]?.first ?? "", date]
        for name in headers.keys.filter({ $0.hasPrefix("x-amz-") }).sorted() {
            lines.append("\(name):\(headers[name, default: []].joined(separator: ","))")
        }
        var resource = resourcePath
        let kept = pairs.filter { subResources.contains($0.name) }.sorted { $0.name < $1.name }
        if !kept.isEmpty {
            resource += "?" + kept.map { pair in pair.value.map { "\(pair.name)=\($0)" } ?? pair.name }.joined(separator: "&")
        }
        lines.append(resource)
        return lines.joined(separator: "\n")
    }

    /// The resource a request names, path-style as SigV2 signs it: the bucket first (from a virtual host when the
    /// request came to one), and a bucket alone ends in `/`, as S3 and botocore write it.
    public static func resourcePath(path: String, virtualHostBucket: String?) -> String {
        var resource = path.isEmpty ? "/" : path
        if let bucket = virtualHostBucket { resource = "/" + bucket + (resource.hasPrefix("/") ? resource : "/" + resource) }
        let parts = resource.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].isEmpty, !parts[1].isEmpty, !parts[1].contains("/") { resource += "/" }
        return resource
    }

    /// The base64 HMAC-SHA1 of `stringToSign` under `secret`.
    public static func signature(of stringToSign: String, secret: String) -> String {
        Data(HMAC<Insecure.SHA1>.authenticationCode(for: Array(stringToSign.utf8), using: SymmetricKey(data: Array(secret.utf8)))).base64EncodedString()
    }

    /// Checks expiry (presigned) or clock skew (header form, 15 minutes), then the signature, in constant time.
    public static func verify(
        _ claim: SigV2Claim, request: SigV4Request, resourcePath: String, secretAccessKey: String, now: Date
    ) throws(SigV4Error) {
        if let expires = claim.expires {
            if now > expires { throw .presignedExpired }
        } else if let date = claim.date, abs(now.timeIntervalSince(date)) > 15 * 60 {
            throw .requestTimeTooSkewed(requestTime: AmzDate.format(date), serverTime: AmzDate.format(now))
        }
        let stringToSign = stringToSign(request, claim: claim, resourcePath: resourcePath)
        let expected = signature(of: stringToSign, secret: secretAccessKey)
        let given = claim.signature
        guard expected.utf8.count == given.utf8.count, zip(expected.utf8, given.utf8).reduce(UInt8(0), { $0 | ($1.0 ^ $1.1) }) == 0 else {
            throw .signatureDoesNotMatch(canonicalRequest: "", stringToSign: stringToSign)
        }
    }
}
