import Foundation

/// Signs requests the way botocore does, for Slipway's own clients and tests.
public enum SigV4Signer {
    /// Headers botocore never signs because proxies may add, drop or rewrite them.
    static let unsignableHeaders: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Adds `X-Amz-Date`, `X-Amz-Security-Token` (if any), `X-Amz-Content-SHA256` when `includeContentSHA256`
    /// (S3 does) and `Authorization`. The Host header must already be present.
    /// An `x-amz-content-sha256` already on the request (a `STREAMING-...` value, say) is kept and signed as the payload.
    public static func sign(
        _ request: inout SigV4Request, body: [UInt8], credentials: SigV4Credentials, region: String, service: String,
        date: Date, includeContentSHA256: Bool = false
    ) {
        let amzDate = AmzDate.format(date)
        let scope = Canonical.scope(dateStamp: String(amzDate.prefix(8)), region: region, service: service)
        request.removeHeaders(named: "authorization")
        request.setHeader("X-Amz-Date", amzDate)
        if let token = credentials.sessionToken {
            request.setHeader("X-Amz-Security-Token", token)
        }
        if includeContentSHA256, request.header("x-amz-content-sha256") == nil {
            request.headers.append((name: "X-Amz-Content-SHA256", value: Hex.sha256(body)))
        }
        let payloadHash = request.header("x-amz-content-sha256") ?? Hex.sha256(body)
        let signedHeaders = headersToSign(request)
        let canonicalRequest = Canonical.request(request, signedHeaders: signedHeaders, payloadHash: payloadHash, service: service)
        let stringToSign = Canonical.stringToSign(amzDate: amzDate, credentialScope: scope, canonicalRequest: canonicalRequest)
        let signature = SigningKey(secretAccessKey: credentials.secretAccessKey, dateStamp: String(amzDate.prefix(8)), region: region, service: service)
            .signature(for: stringToSign)
        request.headers.append(
            (
                name: "Authorization",
                value: "\(Canonical.algorithm) Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature)"
            ))
    }

    /// Returns the full query string of a presigned URL: the existing query (re-encoded) followed by the
    /// `X-Amz-*` parameters in botocore's order, `X-Amz-Signature` last.
    public static func presignedQuery(
        for request: SigV4Request, credentials: SigV4Credentials, region: String, service: String, date: Date, expires: Int
    ) -> String {
        let amzDate = AmzDate.format(date)
        let dateStamp = String(amzDate.prefix(8))
        let scope = Canonical.scope(dateStamp: dateStamp, region: region, service: service)
        var unsigned = request
        // botocore drops the form content type it sets itself: a presigned URL carries no body.
        if unsigned.header("content-type") == "application/x-www-form-urlencoded; charset=utf-8" {
            unsigned.removeHeaders(named: "content-type")
        }
        let signedHeaders = headersToSign(unsigned)
        var parameters: [(String, String)] = existingParameters(of: request.query)
        parameters += [
            ("X-Amz-Algorithm", Canonical.algorithm),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"),
            ("X-Amz-Date", amzDate),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", signedHeaders.joined(separator: ";")),
        ]
        if let token = credentials.sessionToken {
            parameters.append(("X-Amz-Security-Token", token))
        }
        let query = parameters.map { URIEncoding.encode($0.0) + "=" + URIEncoding.encode($0.1) }.joined(separator: "&")
        unsigned.query = query
        let payloadHash = service == "s3" ? PayloadMode.unsignedPayload : (request.header("x-amz-content-sha256") ?? Hex.emptySHA256)
        let canonicalRequest = Canonical.request(unsigned, signedHeaders: signedHeaders, payloadHash: payloadHash, service: service)
        let stringToSign = Canonical.stringToSign(amzDate: amzDate, credentialScope: scope, canonicalRequest: canonicalRequest)
        let signature = SigningKey(secretAccessKey: credentials.secretAccessKey, dateStamp: dateStamp, region: region, service: service)
            .signature(for: stringToSign)
        return query + "&X-Amz-Signature=" + signature
    }

    /// The canonical request, the first SigV4 stage, exactly as the verifier rebuilds it.
    public static func canonicalRequest(for request: SigV4Request, signedHeaders: [String], payloadHash: String, service: String) -> String {
        Canonical.request(request, signedHeaders: signedHeaders, payloadHash: payloadHash, service: service)
    }

    /// The string to sign, the second SigV4 stage.
    public static func stringToSign(amzDate: String, credentialScope: String, canonicalRequest: String) -> String {
        Canonical.stringToSign(amzDate: amzDate, credentialScope: credentialScope, canonicalRequest: canonicalRequest)
    }

    /// Every header present but the unsignable ones, lower-cased and sorted, as botocore's `headers_to_sign`.
    static func headersToSign(_ request: SigV4Request) -> [String] {
        Set(request.headers.map { ASCII.lowercased($0.name) })
            .subtracting(unsignableHeaders)
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func existingParameters(of query: String) -> [(String, String)] {
        ASCII.split(query, on: UInt8(ascii: "&"), omittingEmpty: true).map { pair in
            let (name, value) = ASCII.cut(pair, at: UInt8(ascii: "=")) ?? (pair, "")
            return (
                String(decoding: URIEncoding.decode(name, plusAsSpace: true), as: UTF8.self),
                String(decoding: URIEncoding.decode(value, plusAsSpace: true), as: UTF8.self)
            )
        }
    }
}
