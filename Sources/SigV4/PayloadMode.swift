/// How a request's body is covered by its signature, from `x-amz-content-sha256`.
public enum PayloadMode: Sendable, Hashable {
    /// The header carried the hex SHA-256 of the body.
    case hash(String)
    /// `UNSIGNED-PAYLOAD`: the body is not covered.
    case unsigned
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`: an `aws-chunked` body whose chunks are signed.
    case streamingSigned
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`: signed chunks followed by signed trailers.
    case streamingSignedTrailer
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: unsigned chunks followed by a checksum trailer.
    case streamingUnsignedTrailer
    /// No `x-amz-content-sha256` header (most non-S3 services): the verifier hashes the body itself.
    case absent

    static let unsignedPayload = "UNSIGNED-PAYLOAD"
    static let streamingSignedPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
    static let streamingSignedTrailerPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
    static let streamingUnsignedTrailerPayload = "STREAMING-UNSIGNED-PAYLOAD-TRAILER"

    /// Reads an `x-amz-content-sha256` value.
    init(contentSHA256 value: String) throws(SigV4Error) {
        switch value {
        case Self.unsignedPayload: self = .unsigned
        case Self.streamingSignedPayload: self = .streamingSigned
        case Self.streamingSignedTrailerPayload: self = .streamingSignedTrailer
        case Self.streamingUnsignedTrailerPayload: self = .streamingUnsignedTrailer
        default:
            guard ASCII.isHex(value, count: 64) else { throw .invalidContentSHA256(value) }
            self = .hash(value)
        }
    }

    /// Whether the header carried the body's hash.
    public var isHash: Bool {
        if case .hash = self { return true }
        return false
    }

    /// Whether the body is `aws-chunked` and must go through `AWSChunkedDecoder`.
    public var isStreaming: Bool {
        switch self {
        case .streamingSigned, .streamingSignedTrailer, .streamingUnsignedTrailer: return true
        case .hash, .unsigned, .absent: return false
        }
    }

    /// The literal that stands for the body in the canonical request, or nil when it is the hash of the body.
    var canonicalLiteral: String? {
        switch self {
        case .hash(let hash): return hash
        case .unsigned: return Self.unsignedPayload
        case .streamingSigned: return Self.streamingSignedPayload
        case .streamingSignedTrailer: return Self.streamingSignedTrailerPayload
        case .streamingUnsignedTrailer: return Self.streamingUnsignedTrailerPayload
        case .absent: return nil
        }
    }
}
