import Foundation

/// Checks a claimed SigV4 signature against the secret it names, on every authenticated request.
public struct SigV4Verifier: Sendable {
    public var maxClockSkew: TimeInterval
    // A class shared by copies, so every copy of the verifier benefits from keys derived by any other.
    private let keys: SigningKeyCache

    public init(maxClockSkew: TimeInterval = 900) {
        self.maxClockSkew = maxClockSkew
        self.keys = SigningKeyCache()
    }

    /// Checks clock skew (header auth: |now - date| > maxClockSkew → `requestTimeTooSkewed`) or expiry
    /// (presigned: now > date + expires → `presignedExpired`; dated more than maxClockSkew ahead → `requestTimeTooSkewed`),
    /// rebuilds the canonical request and compares signatures in constant time.
    ///
    /// `body` is the received body when the payload mode is `.hash` or `.absent`: for `.hash`, sha256(body)
    /// must equal the claimed hash, else `contentSHA256Mismatch` (pass nil to check the hash yourself while
    /// streaming); for `.absent` the hash of body (empty when nil) goes into the canonical request.
    /// For service "s3" the canonical URI is the path as received; for every other service the path is
    /// normalised and each segment percent-encoded again, as AWS documents.
    public func verify(
        _ claim: SigV4Claim, request: SigV4Request, body: [UInt8]?, secretAccessKey: String, now: Date
    ) throws(SigV4Error) -> SigV4Verified {
        try checkTime(of: claim, now: now)
        let payloadHash = claim.payload.canonicalLiteral ?? Hex.sha256(body ?? [])
        let canonicalRequest = Canonical.request(
            request, signedHeaders: claim.signedHeaders, payloadHash: payloadHash, service: claim.service,
            queryExcluding: claim.isPresigned ? "X-Amz-Signature" : nil)
        let stringToSign = Canonical.stringToSign(
            amzDate: claim.amzDate, credentialScope: claim.credentialScope, canonicalRequest: canonicalRequest)
        let key = keys.key(secretAccessKey: secretAccessKey, dateStamp: claim.dateStamp, region: claim.region, service: claim.service)
        guard Hex.constantTimeEquals(key.signature(for: stringToSign), claim.signature) else {
            throw .signatureDoesNotMatch(canonicalRequest: canonicalRequest, stringToSign: stringToSign)
        }
        // Only after the signature, as S3 does: a forged request learns nothing about the body check.
        if case .hash(let claimed) = claim.payload, let body {
            let computed = Hex.sha256(body)
            guard computed == ASCII.lowercased(claimed) else {
                throw .contentSHA256Mismatch(claimed: claimed, computed: computed)
            }
        }
        return SigV4Verified(claim: claim, signingKey: key)
    }

    private func checkTime(of claim: SigV4Claim, now: Date) throws(SigV4Error) {
        // The error's server time is formatted only when it is thrown.
        func skewed() -> SigV4Error { .requestTimeTooSkewed(requestTime: claim.amzDate, serverTime: AmzDate.format(now)) }
        if claim.isPresigned {
            if claim.date.timeIntervalSince(now) > maxClockSkew { throw skewed() }
            if now.timeIntervalSince(claim.date) > TimeInterval(claim.expiresSeconds ?? 0) { throw .presignedExpired }
        } else if abs(now.timeIntervalSince(claim.date)) > maxClockSkew {
            throw skewed()
        }
    }
}
