import Crypto

/// Frames a body as `aws-chunked`, signing chunks and trailers the way the AWS SDKs do, for Slipway's own
/// clients and tests; `AWSChunkedDecoder` is its inverse.
public struct AWSChunkedEncoder: Sendable {
    /// Which of the three `aws-chunked` forms to write.
    public enum Mode: Sendable, Hashable {
        /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD`
        case signed
        /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`
        case signedTrailer
        /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`
        case unsignedTrailer

        /// The `x-amz-content-sha256` value announcing this form.
        public var contentSHA256: String {
            switch self {
            case .signed: return PayloadMode.streamingSignedPayload
            case .signedTrailer: return PayloadMode.streamingSignedTrailerPayload
            case .unsignedTrailer: return PayloadMode.streamingUnsignedTrailerPayload
            }
        }
    }

    private let mode: Mode
    private let signingKey: SigningKey
    private let amzDate: String
    private let credentialScope: String
    private var previousSignature: String
    private var checksum: ChecksumAccumulator?

    /// `seedSignature` is the signature of the request's Authorization header; `checksum` adds a checksum trailer
    /// (only in the trailer modes).
    public init(
        mode: Mode, signingKey: SigningKey, amzDate: String, credentialScope: String, seedSignature: String,
        checksum: ChecksumAlgorithm?
    ) {
        self.mode = mode
        self.signingKey = signingKey
        self.amzDate = amzDate
        self.credentialScope = credentialScope
        self.previousSignature = seedSignature
        self.checksum = mode == .signed ? nil : checksum.map(ChecksumAccumulator.init)
    }

    /// Frames one non-empty chunk of data.
    public mutating func encode(chunk data: [UInt8]) -> [UInt8] {
        guard !data.isEmpty else { return [] }
        checksum?.update(data)
        return frame(data)
    }

    /// The final zero-length chunk and, in the trailer modes, the trailers.
    public mutating func finish() -> [UInt8] {
        var out = frame([])
        guard mode != .signed else {
            out += Array("\r\n".utf8)
            return out
        }
        var canonical = ""
        if let checksum {
            canonical = checksum.algorithm.headerName + ":" + checksum.base64Digest() + "\n"
            out += Array(canonical.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        }
        if mode == .signedTrailer {
            let stringToSign = ["AWS4-HMAC-SHA256-TRAILER", amzDate, credentialScope, previousSignature, Hex.sha256(canonical)]
                .joined(separator: "\n")
            out += Array("x-amz-trailer-signature:\(signingKey.signature(for: stringToSign))\r\n".utf8)
        }
        out += Array("\r\n".utf8)
        return out
    }

    /// A whole body split into `chunkSize` pieces.
    public mutating func encode(body: [UInt8], chunkSize: Int) -> [UInt8] {
        var out: [UInt8] = []
        var start = 0
        while start < body.count {
            let end = min(body.count, start + max(1, chunkSize))
            out += encode(chunk: Array(body[start..<end]))
            start = end
        }
        return out + finish()
    }

    private mutating func frame(_ data: [UInt8]) -> [UInt8] {
        var header = String(data.count, radix: 16)
        if mode != .unsignedTrailer {
            let stringToSign = [
                "AWS4-HMAC-SHA256-PAYLOAD", amzDate, credentialScope, previousSignature, Hex.emptySHA256, Hex.sha256(data),
            ].joined(separator: "\n")
            previousSignature = signingKey.signature(for: stringToSign)
            header += ";chunk-signature=" + previousSignature
        }
        var out = Array((header + "\r\n").utf8)
        if !data.isEmpty {
            out += data
            out += Array("\r\n".utf8)
        }
        return out
    }
}
