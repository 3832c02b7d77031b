import Crypto

/// Decodes an `aws-chunked` body incrementally, verifying chunk signatures, the trailer signature and the
/// checksum trailer as the bytes go by.
///
/// Bytes may arrive split anywhere, even inside a chunk header. In the signed modes each chunk's signature
/// chains from the seed signature of the request; the string to sign is
/// `AWS4-HMAC-SHA256-PAYLOAD\n<amzDate>\n<scope>\n<previous signature>\n<sha256 of empty>\n<sha256 of chunk data>`,
/// and the trailers are signed in the `AWS4-HMAC-SHA256-TRAILER` form. The checksum named in `x-amz-trailer`
/// (base64 of the big-endian digest) is checked against the decoded data.
///
/// `feed` hands back data as soon as it is decoded, before the chunk it belongs to has been verified:
/// treat it as provisional until `finish()` returns, and discard it if anything throws.
public struct AWSChunkedDecoder: Sendable {
    private enum Phase: Sendable {
        case chunkHeader
        case chunkData(remaining: Int)
        /// Inside the CRLF that closes a chunk's data; `seen` bytes of it have arrived.
        case chunkEnd(seen: Int)
        case trailers
        case done
    }

    private struct Signing: Sendable {
        var key: SigningKey
        var amzDate: String
        var scope: String
    }

    /// Generous bounds on framing lines: a signed chunk header is about 90 bytes, a checksum trailer under 100.
    private static let maxLineLength = 4_096
    private static let maxTrailerBytes = 16_384
    private static let maxChunkSizeDigits = 15

    private let signing: Signing?
    private let signsTrailers: Bool
    private let declaredTrailers: [String]
    private let decodedContentLength: Int?

    private var phase = Phase.chunkHeader
    private var line: [UInt8] = []
    private var previousSignature: String
    private var chunkSignature: String?
    private var chunkHash = SendableHasher<SHA256>()
    private var checksum: ChecksumAccumulator?
    private var trailers: [(name: String, value: String)] = []
    private var trailerBytes = 0
    private var trailerSignature: String?
    private var decodedCount = 0
    // Once a stream has failed it stays failed, so a caller that keeps feeding cannot get past a bad chunk.
    private var failure: SigV4Error?

    /// `declaredTrailer` is the `x-amz-trailer` header; `decodedContentLength` is `x-amz-decoded-content-length`.
    public init(verified: SigV4Verified, declaredTrailer: String?, decodedContentLength: Int?) {
        let claim = verified.claim
        switch claim.payload {
        case .streamingSigned, .streamingSignedTrailer:
            signing = Signing(key: verified.signingKey, amzDate: claim.amzDate, scope: claim.credentialScope)
        case .streamingUnsignedTrailer, .hash, .unsigned, .absent:
            signing = nil
        }
        signsTrailers = claim.payload == .streamingSignedTrailer
        previousSignature = claim.signature
        declaredTrailers = ASCII.split(declaredTrailer ?? "", on: UInt8(ascii: ",")).map { ASCII.lowercased(ASCII.trimmed($0)) }.filter { !$0.isEmpty }
        // Only one checksum trailer is meaningful; S3 itself accepts exactly one.
        checksum = declaredTrailers.lazy.compactMap(ChecksumAlgorithm.init(headerName:)).first.map(ChecksumAccumulator.init)
        self.decodedContentLength = decodedContentLength
    }

    /// Returns the payload bytes decoded from this piece of the body.
    public mutating func feed(_ bytes: [UInt8]) throws(SigV4Error) -> [UInt8] {
        if let failure { throw failure }
        var output: [UInt8] = []
        do {
            try process(bytes, into: &output)
        } catch {
            failure = error
            throw error
        }
        return output
    }

    /// Ends the stream: throws if it was cut short or the decoded length is wrong, and returns the trailers
    /// by lower-cased name (without `x-amz-trailer-signature`).
    public mutating func finish() throws(SigV4Error) -> [String: String] {
        if let failure { throw failure }
        do {
            try finishStream()
        } catch {
            failure = error
            throw error
        }
        var result: [String: String] = [:]
        for trailer in trailers {
            result[trailer.name] = trailer.value
        }
        return result
    }

    private mutating func finishStream() throws(SigV4Error) {
        switch phase {
        case .done:
            break
        case .trailers:
            // Some clients end the body right after the last trailer, without the closing empty line.
            if !line.isEmpty {
                try handleTrailerLine(line)
                line = []
            }
            try finishTrailers()
        case .chunkHeader, .chunkData, .chunkEnd:
            throw .truncatedStream
        }
        if let decodedContentLength, decodedCount != decodedContentLength {
            throw .decodedLengthMismatch
        }
    }

    private mutating func process(_ bytes: [UInt8], into output: inout [UInt8]) throws(SigV4Error) {
        var index = 0
        while index < bytes.count {
            switch phase {
            case .chunkHeader, .trailers:
                guard let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) else {
                    line += bytes[index...]
                    index = bytes.count
                    guard line.count <= Self.maxLineLength else { throw .malformedChunk("chunk header too long") }
                    continue
                }
                line += bytes[index..<newline]
                index = newline + 1
                guard line.count <= Self.maxLineLength else { throw .malformedChunk("chunk header too long") }
                var complete = line
                line = []
                if complete.last == UInt8(ascii: "\r") { complete.removeLast() }
                if case .chunkHeader = phase {
                    try handleChunkHeader(complete)
                } else {
                    try handleTrailerLine(complete)
                }
            case .chunkData(let remaining):
                let count = min(remaining, bytes.count - index)
                let data = bytes[index..<index + count]
                index += count
                output += data
                data.withUnsafeBytes { raw in
                    chunkHash.update(raw)
                    checksum?.update(raw)
                }
                decodedCount += count
                if let decodedContentLength, decodedCount > decodedContentLength { throw .decodedLengthMismatch }
                if remaining == count {
                    try verifyChunk()
                    phase = .chunkEnd(seen: 0)
                } else {
                    phase = .chunkData(remaining: remaining - count)
                }
            case .chunkEnd(let seen):
                guard bytes[index] == (seen == 0 ? UInt8(ascii: "\r") : UInt8(ascii: "\n")) else {
                    throw .malformedChunk("chunk data is not followed by CRLF")
                }
                index += 1
                phase = seen == 0 ? .chunkEnd(seen: 1) : .chunkHeader
            case .done:
                throw .malformedChunk("data after the final chunk")
            }
        }
    }

    /// `<hex size>[;chunk-signature=<64 hex>]`.
    private mutating func handleChunkHeader(_ header: [UInt8]) throws(SigV4Error) {
        let text = String(decoding: header, as: UTF8.self)
        var parts = ASCII.split(text, on: UInt8(ascii: ";")).makeIterator()
        let sizeText = ASCII.trimmed(parts.next() ?? "")
        guard !sizeText.isEmpty, sizeText.utf8.count <= Self.maxChunkSizeDigits, let size = Int(sizeText, radix: 16), size >= 0 else {
            throw .malformedChunk("invalid chunk size '\(sizeText.prefix(32))'")
        }
        var signature: String?
        while let extensionText = parts.next() {
            let field = ASCII.trimmed(extensionText)
            if field.hasPrefix("chunk-signature=") {
                signature = String(field.dropFirst("chunk-signature=".count))
            }
        }
        if signing != nil {
            guard let signature, ASCII.isHex(signature, count: 64) else {
                throw .malformedChunk("chunk-signature missing or malformed")
            }
        }
        chunkSignature = signature
        chunkHash = SendableHasher()
        if size == 0 {
            try verifyChunk()
            phase = .trailers
        } else {
            phase = .chunkData(remaining: size)
        }
    }

    private mutating func verifyChunk() throws(SigV4Error) {
        guard let signing else { return }
        let stringToSign = [
            "AWS4-HMAC-SHA256-PAYLOAD", signing.amzDate, signing.scope, previousSignature, Hex.emptySHA256,
            Hex.encode(chunkHash.finalize()),
        ].joined(separator: "\n")
        let expected = signing.key.signature(for: stringToSign)
        guard let chunkSignature, Hex.constantTimeEquals(expected, chunkSignature) else {
            throw .chunkSignatureDoesNotMatch
        }
        previousSignature = expected
    }

    private mutating func handleTrailerLine(_ bytes: [UInt8]) throws(SigV4Error) {
        guard !bytes.isEmpty else {
            try finishTrailers()
            return
        }
        trailerBytes += bytes.count
        guard trailerBytes <= Self.maxTrailerBytes else { throw .malformedChunk("trailers too large") }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let (rawName, rawValue) = ASCII.cut(text[...], at: UInt8(ascii: ":")) else { throw .malformedChunk("malformed trailer line") }
        let name = ASCII.lowercased(ASCII.trimmed(rawName))
        let value = ASCII.trimmed(rawValue)
        if name == "x-amz-trailer-signature" {
            guard signsTrailers else { throw .malformedChunk("trailer signature in an unsigned stream") }
            trailerSignature = value
        } else {
            guard declaredTrailers.contains(name) else { throw .malformedChunk("trailer '\(name)' was not declared in x-amz-trailer") }
            guard !trailers.contains(where: { $0.name == name }) else { throw .malformedChunk("trailer '\(name)' sent twice") }
            trailers.append((name, value))
        }
    }

    private mutating func finishTrailers() throws(SigV4Error) {
        phase = .done
        for name in declaredTrailers where !trailers.contains(where: { $0.name == name }) {
            throw .malformedChunk("declared trailer '\(name)' is missing")
        }
        if let signing, signsTrailers, !trailers.isEmpty || trailerSignature != nil {
            let canonical = trailers.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
                .map { $0.name + ":" + $0.value + "\n" }
                .joined()
            let stringToSign = [
                "AWS4-HMAC-SHA256-TRAILER", signing.amzDate, signing.scope, previousSignature, Hex.sha256(canonical),
            ].joined(separator: "\n")
            guard let trailerSignature, Hex.constantTimeEquals(signing.key.signature(for: stringToSign), trailerSignature) else {
                throw .chunkSignatureDoesNotMatch
            }
        }
        if let checksum, let sent = trailers.first(where: { $0.name == checksum.algorithm.headerName })?.value,
            sent != checksum.base64Digest()
        {
            throw .checksumMismatch(algorithm: checksum.algorithm.displayName)
        }
    }
}
