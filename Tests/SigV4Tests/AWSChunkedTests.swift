import Foundation
import SigV4
import Testing

/// `aws-chunked` bodies in every mode, built with our signer and encoder, decoded back under all the ways they can go wrong.
@Suite struct AWSChunkedTests {
    static let credentials = SigV4Credentials(accessKeyID: "AKIDCHUNKED", secretAccessKey: "chunked/secret/EXAMPLE")
    static let now = TestSupport.date("20240301T080910Z")
    static let payload: [UInt8] = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }

    struct Case: Sendable, CustomStringConvertible {
        var mode: AWSChunkedEncoder.Mode
        var checksum: ChecksumAlgorithm?
        var description: String { "\(mode) \(checksum?.rawValue ?? "no checksum")" }
    }

    static let cases: [Case] = [Case(mode: .signed, checksum: nil)]
        + ChecksumAlgorithm.allCases.map { Case(mode: .signedTrailer, checksum: $0) }
        + ChecksumAlgorithm.allCases.map { Case(mode: .unsignedTrailer, checksum: $0) }

    /// A signed upload request and its framed body.
    struct Upload {
        var verified: SigV4Verified
        var body: [UInt8]
        var trailer: String?
        var decoder: AWSChunkedDecoder {
            AWSChunkedDecoder(verified: verified, declaredTrailer: trailer, decodedContentLength: AWSChunkedTests.payload.count)
        }
    }

    static func upload(_ testCase: Case, payload: [UInt8] = payload, chunkSize: Int = 8_192) throws -> Upload {
        var headers: [(name: String, value: String)] = [
            ("Host", "s3.localhost"),
            ("Content-Encoding", "aws-chunked"),
            ("x-amz-content-sha256", testCase.mode.contentSHA256),
            ("x-amz-decoded-content-length", String(payload.count)),
        ]
        let trailer = testCase.checksum?.headerName
        if let trailer { headers.append(("x-amz-trailer", trailer)) }
        var request = SigV4Request(method: "PUT", path: "/bucket/object.bin", query: "", headers: headers)
        SigV4Signer.sign(&request, body: [], credentials: credentials, region: "us-east-1", service: "s3", date: now)
        let claim = try #require(try SigV4Parser.claim(of: request))
        let verified = try SigV4Verifier().verify(claim, request: request, body: nil, secretAccessKey: credentials.secretAccessKey, now: now)
        var encoder = AWSChunkedEncoder(
            mode: testCase.mode, signingKey: verified.signingKey, amzDate: claim.amzDate, credentialScope: claim.credentialScope,
            seedSignature: claim.signature, checksum: testCase.checksum)
        return Upload(verified: verified, body: encoder.encode(body: payload, chunkSize: chunkSize), trailer: trailer)
    }

    static func decode(_ upload: Upload, body: [UInt8]? = nil, step: Int) throws(SigV4Error) -> (payload: [UInt8], trailers: [String: String]) {
        var decoder = upload.decoder
        let body = body ?? upload.body
        var output: [UInt8] = []
        var start = 0
        while start < body.count {
            let end = min(body.count, start + step)
            output += try decoder.feed(Array(body[start..<end]))
            start = end
        }
        return (output, try decoder.finish())
    }

    static func offsets(of pattern: [UInt8], in bytes: [UInt8]) -> [Int] {
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return [] }
        return (0...(bytes.count - pattern.count)).filter { bytes[$0..<$0 + pattern.count].elementsEqual(pattern) }
    }

    @Test(arguments: cases)
    func roundTripWhole(_ testCase: Case) throws {
        let upload = try Self.upload(testCase)
        let result = try Self.decode(upload, step: upload.body.count)
        #expect(result.payload == Self.payload)
        if let checksum = testCase.checksum {
            #expect(result.trailers == [checksum.headerName: checksum.base64Digest(Self.payload)])
        } else {
            #expect(result.trailers.isEmpty)
        }
    }

    /// Bytes can arrive split anywhere, even inside a chunk header or the CRLF after the data.
    @Test(arguments: cases)
    func roundTripOneAndSevenBytesAtATime(_ testCase: Case) throws {
        let upload = try Self.upload(testCase, payload: Array(Self.payload.prefix(3_000)), chunkSize: 1_000)
        for step in [1, 7] {
            var decoder = AWSChunkedDecoder(verified: upload.verified, declaredTrailer: upload.trailer, decodedContentLength: 3_000)
            var output: [UInt8] = []
            var start = 0
            while start < upload.body.count {
                let end = min(upload.body.count, start + step)
                output += try decoder.feed(Array(upload.body[start..<end]))
                start = end
            }
            #expect(output == Array(Self.payload.prefix(3_000)), "step \(step)")
            #expect(try decoder.finish().count == (testCase.checksum == nil ? 0 : 1))
        }
    }

    @Test func badChunkSignature() throws {
        let upload = try Self.upload(Case(mode: .signed, checksum: nil))
        // Flip the last digit of the second chunk's signature.
        let headers = Self.offsets(of: Array(";chunk-signature=".utf8), in: upload.body)
        #expect(headers.count == 4)
        var body = upload.body
        let offset = headers[1] + ";chunk-signature=".utf8.count + 63
        body[offset] = body[offset] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        var decoder = upload.decoder
        var firstChunk: [UInt8] = []
        let error = #expect(throws: SigV4Error.self) {
            firstChunk += try decoder.feed(Array(body[..<(offset - 80)]))
            _ = try decoder.feed(Array(body[(offset - 80)...]))
        }
        #expect(error == .chunkSignatureDoesNotMatch)
        #expect(firstChunk.count == 8_192, "the first chunk was good and came through")
        // A failed stream stays failed.
        #expect(throws: SigV4Error.chunkSignatureDoesNotMatch) { _ = try decoder.feed([]) }
        #expect(throws: SigV4Error.chunkSignatureDoesNotMatch) { _ = try decoder.finish() }
    }

    @Test func chunksSignedWithAnotherSeedAreRefused() throws {
        let upload = try Self.upload(Case(mode: .signed, checksum: nil))
        var encoder = AWSChunkedEncoder(
            mode: .signed, signingKey: upload.verified.signingKey, amzDate: upload.verified.claim.amzDate,
            credentialScope: upload.verified.claim.credentialScope, seedSignature: String(repeating: "0", count: 64), checksum: nil)
        let forged = encoder.encode(body: Self.payload, chunkSize: 8_192)
        #expect(throws: SigV4Error.chunkSignatureDoesNotMatch) { _ = try Self.decode(upload, body: forged, step: 4_096) }
    }

    @Test(arguments: [AWSChunkedEncoder.Mode.signedTrailer, .unsignedTrailer])
    func badChecksum(_ mode: AWSChunkedEncoder.Mode) throws {
        // Same length, different data: the checksum trailer (and, when signed, the trailer signature) no longer fits.
        var other = Self.payload
        other[100] ^= 0xff
        let upload = try Self.upload(Case(mode: mode, checksum: .crc32))
        let substitute = try Self.upload(Case(mode: mode, checksum: .crc32), payload: other)
        let trailerStart = upload.body.count - 200
        let spliced = Array(upload.body[..<trailerStart]) + Array(substitute.body[trailerStart...])
        if mode == .unsignedTrailer {
            #expect(throws: SigV4Error.checksumMismatch(algorithm: "CRC32")) { _ = try Self.decode(upload, body: spliced, step: 1_000) }
        } else {
            // The signed trailer is chained from the last chunk signature, so it fails before the checksum is compared.
            #expect(throws: SigV4Error.chunkSignatureDoesNotMatch) { _ = try Self.decode(upload, body: spliced, step: 1_000) }
        }
    }

    @Test func checksumTrailerThatDoesNotMatchTheData() throws {
        let upload = try Self.upload(Case(mode: .unsignedTrailer, checksum: .crc64nvme))
        let value = Array(ChecksumAlgorithm.crc64nvme.base64Digest(Self.payload).utf8)
        let wrong = Array(ChecksumAlgorithm.crc64nvme.base64Digest([1, 2, 3]).utf8)
        let at = try #require(Self.offsets(of: value, in: upload.body).last)
        var body = upload.body
        body.replaceSubrange(at..<at + value.count, with: wrong)
        #expect(throws: SigV4Error.checksumMismatch(algorithm: "CRC64NVME")) { _ = try Self.decode(upload, body: body, step: 500) }
    }

    @Test(arguments: cases)
    func truncatedStream(_ testCase: Case) throws {
        let upload = try Self.upload(testCase)
        // Cut inside the data, inside a chunk header, and just before the final chunk.
        for cut in [5_000, 8_192 + 100, upload.body.count - (testCase.mode == .signed ? 90 : 130)] {
            var decoder = upload.decoder
            _ = try decoder.feed(Array(upload.body[..<cut]))
            #expect(throws: SigV4Error.self, "cut at \(cut)") { _ = try decoder.finish() }
        }
        var decoder = upload.decoder
        _ = try decoder.feed(Array(upload.body[..<5_000]))
        #expect(throws: SigV4Error.truncatedStream) { _ = try decoder.finish() }
    }

    @Test func wrongDecodedLength() throws {
        let upload = try Self.upload(Case(mode: .signedTrailer, checksum: .sha256))
        var short = AWSChunkedDecoder(verified: upload.verified, declaredTrailer: upload.trailer, decodedContentLength: Self.payload.count + 1)
        _ = try short.feed(upload.body)
        #expect(throws: SigV4Error.decodedLengthMismatch) { _ = try short.finish() }

        var long = AWSChunkedDecoder(verified: upload.verified, declaredTrailer: upload.trailer, decodedContentLength: Self.payload.count - 1)
        #expect(throws: SigV4Error.decodedLengthMismatch) { _ = try long.feed(upload.body) }
    }

    @Test func malformedFraming() throws {
        let upload = try Self.upload(Case(mode: .unsignedTrailer, checksum: .crc32))
        func expectMalformed(_ body: String, trailer: String? = "x-amz-checksum-crc32", _ comment: Comment) {
            var decoder = AWSChunkedDecoder(verified: upload.verified, declaredTrailer: trailer, decodedContentLength: nil)
            let error = #expect(throws: SigV4Error.self, comment) {
                _ = try decoder.feed(Array(body.utf8))
                _ = try decoder.finish()
            }
            if case .malformedChunk = error {} else { Issue.record("\(comment): expected malformedChunk, got \(String(describing: error))") }
        }
        expectMalformed("zz\r\nabc\r\n0\r\n\r\n", "size is not hex")
        expectMalformed("3\r\nabcX\r\n0\r\n\r\n", "data not followed by CRLF")
        expectMalformed("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\nmore", "bytes after the end")
        expectMalformed("3\r\nabc\r\n0\r\nx-amz-meta-other:1\r\n\r\n", "undeclared trailer")
        expectMalformed("3\r\nabc\r\n0\r\n\r\n", "declared trailer missing")
        expectMalformed("3\r\nabc\r\n0\r\nno colon here\r\n\r\n", "trailer without a colon")
        expectMalformed(String(repeating: "1", count: 5_000), "endless chunk header")

        var decoder = AWSChunkedDecoder(verified: upload.verified, declaredTrailer: "x-amz-checksum-crc32", decodedContentLength: 3)
        #expect(try decoder.feed(Array("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n".utf8)) == Array("abc".utf8))
        #expect(try decoder.finish() == ["x-amz-checksum-crc32": "NSRBwg=="])
    }

    @Test func signedModeRequiresChunkSignatures() throws {
        let upload = try Self.upload(Case(mode: .signed, checksum: nil))
        var decoder = AWSChunkedDecoder(verified: upload.verified, declaredTrailer: nil, decodedContentLength: nil)
        let error = #expect(throws: SigV4Error.self) { _ = try decoder.feed(Array("3\r\nabc\r\n0\r\n\r\n".utf8)) }
        if case .malformedChunk = error {} else { Issue.record("expected malformedChunk, got \(String(describing: error))") }
    }

    /// A final empty line left off after the trailers is tolerated, as some clients end the body there.
    @Test func missingFinalEmptyLine() throws {
        let upload = try Self.upload(Case(mode: .unsignedTrailer, checksum: .crc32))
        var decoder = AWSChunkedDecoder(verified: upload.verified, declaredTrailer: "x-amz-checksum-crc32", decodedContentLength: 3)
        _ = try decoder.feed(Array("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n".utf8))
        #expect(try decoder.finish() == ["x-amz-checksum-crc32": "NSRBwg=="])
    }
}
