import Foundation

extension SigV4Error {
    /// The AWS error code, message and HTTP status for this failure; `s3` picks S3's codes where they differ.
    public func awsError(s3: Bool) -> (code: String, message: String, status: Int) {
        switch self {
        case .incompleteSignature(let message):
            return s3 ? Self.s3HeaderError(for: message) : ("IncompleteSignature", message, 400)
        case .unsupportedAlgorithm(let algorithm):
            return s3
                ? ("InvalidArgument", "Unsupported Authorization Type", 400)
                : ("IncompleteSignature", "Unsupported AWS 'algorithm': '\(algorithm)'", 400)
        case .malformedPresign(let message):
            return s3 ? ("AuthorizationQueryParametersError", message, 400) : ("IncompleteSignature", message, 400)
        case .signatureDoesNotMatch, .chunkSignatureDoesNotMatch:
            return ("SignatureDoesNotMatch", s3 ? Self.s3SignatureMessage : Self.signatureMessage, 403)
        case .requestTimeTooSkewed(let requestTime, let serverTime):
            return s3
                ? ("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", 403)
                : ("RequestTimeTooSkewed", Self.skewMessage(requestTime: requestTime, serverTime: serverTime), 403)
        case .presignedExpired:
            return ("AccessDenied", "Request has expired", 403)
        case .contentSHA256Mismatch:
            return ("XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", 400)
        case .invalidContentSHA256:
            return (
                "InvalidArgument",
                "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value.",
                400
            )
        case .malformedChunk(let detail):
            return ("IncompleteBody", "The request body could not be decoded as aws-chunked: \(detail)", 400)
        case .truncatedStream:
            return ("IncompleteBody", "The request body terminated unexpectedly", 400)
        case .checksumMismatch(let algorithm):
            return ("BadDigest", "The \(algorithm) you specified did not match the calculated checksum.", 400)
        case .decodedLengthMismatch:
            return ("IncompleteBody", "You did not provide the number of bytes specified by the Content-Length HTTP header.", 400)
        case .headersNotSigned:
            return ("AccessDenied", "There were headers present in the request which were not signed", 403)
        case .invalidRegion(let region):
            return s3
                ? ("AuthorizationHeaderMalformed", "The authorization header is malformed; the region '\(region)' is wrong; expecting a region such as 'us-east-1'", 400)
                : ("SignatureDoesNotMatch", "Credential should be scoped to a valid region, not '\(region)'. ", 403)
        }
    }

    static let signatureMessage =
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
    static let s3SignatureMessage =
        "The request signature we calculated does not match the signature you provided. Check your key and signing method."

    /// S3 words header problems differently from the other services, and treats a missing date as access denied.
    private static func s3HeaderError(for message: String) -> (code: String, message: String, status: Int) {
        if message.contains(SigV4Message.missingDate) {
            return ("AccessDenied", "AWS authentication requires a valid Date or x-amz-date header", 403)
        }
        let detail: String
        if message.hasPrefix("Authorization header requires") || message.contains("not a valid key=value pair") {
            detail = "the authorization header requires three components: Credential, SignedHeaders, and Signature."
        } else if message.hasPrefix("Credential should be scoped") {
            detail = "the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."
        } else if message.hasPrefix("Date in Credential scope") {
            detail = "Invalid credential date. Date is not the same as X-Amz-Date."
        } else {
            detail = message
        }
        return ("AuthorizationHeaderMalformed", "The authorization header is malformed; " + detail, 400)
    }

    /// AWS's wording, which always names its own 15 minute window.
    private static func skewMessage(requestTime: String, serverTime: String) -> String {
        guard let request = AmzDate.parseBasic(requestTime), let server = AmzDate.parseBasic(serverTime) else {
            return "Signature expired: \(requestTime) is now earlier than \(serverTime)."
        }
        let window: TimeInterval = 15 * 60
        if request > server {
            return "Signature not yet current: \(requestTime) is still later than \(AmzDate.format(server + window)) (\(serverTime) + 15 min.)"
        }
        return "Signature expired: \(requestTime) is now earlier than \(AmzDate.format(server - window)) (\(serverTime) - 15 min.)"
    }
}
