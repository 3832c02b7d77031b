/// Why a request's SigV4 signature or `aws-chunked` body was refused.
public enum SigV4Error: Error, Sendable, Hashable {
    /// Malformed Authorization header, missing parts or a missing date; the text is AWS's message.
    case incompleteSignature(String)
    /// An Authorization scheme other than `AWS4-HMAC-SHA256` (SigV2, SigV4a, ...).
    case unsupportedAlgorithm(String)
    /// A malformed presigned URL (bad `X-Amz-Expires`, missing parameters, ...); the text is AWS's message.
    case malformedPresign(String)
    case signatureDoesNotMatch(canonicalRequest: String, stringToSign: String)
    /// Both times in ISO 8601 basic form.
    case requestTimeTooSkewed(requestTime: String, serverTime: String)
    case presignedExpired
    case contentSHA256Mismatch(claimed: String, computed: String)
    case invalidContentSHA256(String)
    case malformedChunk(String)
    case chunkSignatureDoesNotMatch
    case truncatedStream
    /// The algorithm as AWS names it in messages: "CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256".
    case checksumMismatch(algorithm: String)
    case decodedLengthMismatch
    /// `x-amz-*` headers the signature does not cover (lowercased): they could change what a signed request does.
    case headersNotSigned([String])
    /// The credential scope names no region (`*`, or nothing of a region's shape).
    case invalidRegion(String)
}
