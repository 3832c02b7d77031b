import Foundation

/// Reads the SigV4 claim out of a request, from its Authorization header or its presigned query.
public enum SigV4Parser {
    /// nil when the request carries no SigV4 at all (anonymous); throws when it carries a malformed one.
    ///
    /// Authorization header form: `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request,
    /// SignedHeaders=host;x-amz-date, Signature=hex`. Presigned form: `X-Amz-Algorithm`, `X-Amz-Credential`,
    /// `X-Amz-Date`, `X-Amz-Expires` (1...604800), `X-Amz-SignedHeaders`, `X-Amz-Signature`
    /// (and `X-Amz-Security-Token`) in the query.
    /// A header-signed request is dated by `X-Amz-Date`, else by `Date` (RFC 1123); a presigned one by its `X-Amz-Date` parameter.
    public static func claim(of request: SigV4Request) throws(SigV4Error) -> SigV4Claim? {
        let query = QueryParameters(request.query)
        let presigned = query["X-Amz-Algorithm"] != nil || query["X-Amz-Credential"] != nil || query["X-Amz-Signature"] != nil
        if let authorization = request.header("authorization") {
            if presigned { throw .malformedPresign(SigV4Message.bothMechanisms) }
            return try headerClaim(authorization, request: request)
        }
        if presigned {
            return try presignedClaim(query, request: request)
        }
        if query["AWSAccessKeyId"] != nil, query["Signature"] != nil {
            // A SigV2 presigned URL: refusing it says why, where treating it as anonymous would only deny access later.
            throw .unsupportedAlgorithm("AWS")
        }
        return nil
    }

    private static func headerClaim(_ authorization: String, request: SigV4Request) throws(SigV4Error) -> SigV4Claim {
        let trimmed = ASCII.trimmed(authorization)[...]
        let (scheme, parameters) = ASCII.cut(trimmed, at: UInt8(ascii: " ")) ?? (trimmed, "")
        guard scheme == Canonical.algorithm else {
            if scheme.hasPrefix("AWS") { throw .unsupportedAlgorithm(String(scheme)) }
            throw .incompleteSignature(missingPartsMessage(credential: true, signature: true, signedHeaders: true, date: false, header: authorization))
        }
        var fields: [Substring: String] = [:]
        for part in ASCII.split(parameters, on: UInt8(ascii: ","), omittingEmpty: true) {
            let field = ASCII.trimmed(part)[...]
            guard !field.isEmpty else { continue }
            guard let (name, value) = ASCII.cut(field, at: UInt8(ascii: "=")) else {
                throw .incompleteSignature(SigV4Message.missingEquals(String(field), header: authorization))
            }
            fields[name] = String(value)
        }
        let dated = try headerDate(of: request)
        guard let credential = fields["Credential"], let signedHeaderList = fields["SignedHeaders"],
            let signature = fields["Signature"], let dated, !signature.isEmpty, !signedHeaderList.isEmpty
        else {
            throw .incompleteSignature(
                missingPartsMessage(
                    credential: fields["Credential"] == nil, signature: fields["Signature"]?.isEmpty ?? true,
                    signedHeaders: fields["SignedHeaders"]?.isEmpty ?? true, date: dated == nil, header: authorization))
        }
        let (date, amzDate) = dated
        let scope = try parseCredential(credential) { message throws(SigV4Error) in throw .incompleteSignature(message) }
        guard scope.dateStamp == amzDate.prefix(8) else {
            throw .incompleteSignature(SigV4Message.scopeDateMismatch(scope: scope.dateStamp, amzDate: amzDate))
        }
        let signedHeaders = ASCII.split(signedHeaderList, on: UInt8(ascii: ";")).map { ASCII.lowercased(String($0)) }
        guard signedHeaders.contains("host") || signedHeaders.contains(":authority") else {
            throw .incompleteSignature(SigV4Message.hostNotSigned)
        }
        try requireSigned(request, signedHeaders)
        let payload = try request.header("x-amz-content-sha256").map { value throws(SigV4Error) in
            try PayloadMode(contentSHA256: ASCII.trimmed(value))
        }
        return SigV4Claim(
            accessKeyID: scope.accessKeyID, amzDate: amzDate, date: date, dateStamp: scope.dateStamp,
            region: scope.region, service: scope.service, credentialScope: scope.credentialScope,
            signedHeaders: signedHeaders, signature: signature,
            sessionToken: request.header("x-amz-security-token"), isPresigned: false, expiresSeconds: nil,
            payload: payload ?? .absent)
    }

    /// The signed time: `X-Amz-Date` wins over `Date`, as in botocore and AWS.
    private static func headerDate(of request: SigV4Request) throws(SigV4Error) -> (Date, String)? {
        if let value = request.header("x-amz-date") {
            let trimmed = ASCII.trimmed(value)
            guard let date = AmzDate.parseBasic(trimmed) else {
                throw .incompleteSignature(SigV4Message.badDateFormat(value))
            }
            return (date, trimmed)
        }
        if let value = request.header("date"), let date = AmzDate.parseHTTPDate(ASCII.trimmed(value)) {
            return (date, AmzDate.format(date))
        }
        return nil
    }

    private static func missingPartsMessage(credential: Bool, signature: Bool, signedHeaders: Bool, date: Bool, header: String) -> String {
        var parts: [String] = []
        if credential { parts.append(SigV4Message.missingParameter("Credential")) }
        if signature { parts.append(SigV4Message.missingParameter("Signature")) }
        if signedHeaders { parts.append(SigV4Message.missingParameter("SignedHeaders")) }
        if date { parts.append(SigV4Message.missingDate) }
        parts.append("Authorization=\(header)")
        return parts.joined(separator: " ")
    }

    private static func presignedClaim(_ query: QueryParameters, request: SigV4Request) throws(SigV4Error) -> SigV4Claim {
        guard let algorithm = query["X-Amz-Algorithm"], let credential = query["X-Amz-Credential"],
            let signature = query["X-Amz-Signature"], let dateValue = query["X-Amz-Date"],
            let signedHeaderList = query["X-Amz-SignedHeaders"], let expiresValue = query["X-Amz-Expires"]
        else { throw .malformedPresign(SigV4Message.presignMissingParameters) }
        guard algorithm == Canonical.algorithm else { throw .malformedPresign(SigV4Message.presignAlgorithm) }
        guard let date = AmzDate.parseBasic(dateValue) else { throw .malformedPresign(SigV4Message.presignDate) }
        guard let expires = Int(expiresValue) else { throw .malformedPresign(SigV4Message.presignExpiresNotNumber) }
        guard expires >= 1 else { throw .malformedPresign(SigV4Message.presignExpiresNotPositive) }
        guard expires <= 604_800 else { throw .malformedPresign(SigV4Message.presignExpiresTooLarge) }
        let scope = try parseCredential(credential) { _ throws(SigV4Error) in throw .malformedPresign(SigV4Message.presignCredential) }
        guard scope.dateStamp == dateValue.prefix(8) else {
            throw .malformedPresign(SigV4Message.presignScopeDate(scope: scope.dateStamp, amzDate: dateValue))
        }
        let signedHeaders = ASCII.split(signedHeaderList, on: UInt8(ascii: ";")).map { ASCII.lowercased(String($0)) }
        guard signedHeaders.contains("host") || signedHeaders.contains(":authority") else {
            throw .malformedPresign(SigV4Message.presignHostNotSigned)
        }
        try requireSigned(request, signedHeaders)
        let payload: PayloadMode
        if let value = query["X-Amz-Content-Sha256"] ?? request.header("x-amz-content-sha256") {
            payload = try PayloadMode(contentSHA256: ASCII.trimmed(value))
        } else {
            // S3 presigns UNSIGNED-PAYLOAD; other services (an EKS token's STS URL, say) sign the body's hash.
            payload = scope.service == "s3" ? .unsigned : .absent
        }
        return SigV4Claim(
            accessKeyID: scope.accessKeyID, amzDate: dateValue, date: date, dateStamp: scope.dateStamp,
            region: scope.region, service: scope.service, credentialScope: scope.credentialScope,
            signedHeaders: signedHeaders, signature: signature,
            sessionToken: query["X-Amz-Security-Token"] ?? request.header("x-amz-security-token"),
            isPresigned: true, expiresSeconds: expires, payload: payload)
    }

    /// Every `x-amz-*` header must be signed, as AWS requires: an unsigned one (say `x-amz-copy-source` added to a
    /// presigned PUT) would change what the signer allowed. The date and the payload hash are covered by the string to
    /// sign whether listed or not, and a session token only has to match its key (AWS's own test suite adds one
    /// after signing).
    private static func requireSigned(_ request: SigV4Request, _ signedHeaders: [String]) throws(SigV4Error) {
        var unsigned: [String] = []
        for header in request.headers {
            let name = ASCII.lowercased(header.name)
            guard name.hasPrefix("x-amz-"), !implicitlyCovered.contains(name), !signedHeaders.contains(name), !unsigned.contains(name) else { continue }
            unsigned.append(name)
        }
        if !unsigned.isEmpty { throw .headersNotSigned(unsigned) }
    }

    static let implicitlyCovered: Set<String> = ["x-amz-date", "x-amz-content-sha256", "x-amz-security-token"]

    private struct Scope {
        var accessKeyID: String
        var dateStamp: String
        var region: String
        var service: String
        var credentialScope: String { Canonical.scope(dateStamp: dateStamp, region: region, service: service) }
    }

    /// `AKID/20150830/us-east-1/iam/aws4_request`; `fail` throws the error the caller's form calls for.
    private static func parseCredential(_ credential: String, fail: (String) throws(SigV4Error) -> Never) throws(SigV4Error) -> Scope {
        let parts = ASCII.split(credential, on: UInt8(ascii: "/")).map(String.init)
        guard parts.count == 5, parts[0...3].allSatisfy({ !$0.isEmpty }), parts[1].utf8.count == 8,
            parts[1].utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { try fail(SigV4Message.malformedCredential(credential)) }
        guard parts[4] == "aws4_request" else { try fail(SigV4Message.badTerminator(parts[4])) }
        return Scope(accessKeyID: parts[0], dateStamp: parts[1], region: parts[2], service: parts[3])
    }
}
