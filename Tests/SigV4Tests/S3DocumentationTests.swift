import Foundation
import SigV4
import Testing

/// The worked examples of AWS's S3 SigV4 documentation (examplebucket, 2013-05-24, AKIAIOSFODNN7EXAMPLE).
@Suite struct S3DocumentationTests {
    static let credentials = SigV4Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let now = TestSupport.date("20130524T000000Z")
    static let scope = "20130524/us-east-1/s3/aws4_request"
    static let emptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    static let host = "examplebucket.s3.amazonaws.com"

    struct Example: Sendable, CustomStringConvertible {
        var name: String
        var method: String
        var path: String
        var query: String
        var headers: [(name: String, value: String)]
        var body: String
        var canonicalRequest: String
        var stringToSignHash: String
        var signedHeaders: String
        var signature: String
        var description: String { name }
    }

    static let examples: [Example] = [
        Example(
            name: "GET Object with Range", method: "GET", path: "/test.txt", query: "",
            headers: [("Host", host), ("Range", "bytes=0-9")], body: "",
            canonicalRequest: "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\nx-amz-content-sha256:\(emptyHash)\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n\(emptyHash)",
            stringToSignHash: "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
            signedHeaders: "host;range;x-amz-content-sha256;x-amz-date",
            signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"),
        Example(
            name: "PUT Object", method: "PUT", path: "/test%24file.text", query: "",
            headers: [("Host", host), ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY")],
            body: "Welcome to Amazon S3.",
            canonicalRequest: "PUT\n/test%24file.text\n\ndate:Fri, 24 May 2013 00:00:00 GMT\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072\nx-amz-date:20130524T000000Z\nx-amz-storage-class:REDUCED_REDUNDANCY\n\ndate;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class\n44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072",
            stringToSignHash: "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d",
            signedHeaders: "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class",
            signature: "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"),
        Example(
            name: "GET Bucket Lifecycle", method: "GET", path: "/", query: "lifecycle",
            headers: [("Host", host)], body: "",
            canonicalRequest: "GET\n/\nlifecycle=\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:\(emptyHash)\nx-amz-date:20130524T000000Z\n\nhost;x-amz-content-sha256;x-amz-date\n\(emptyHash)",
            stringToSignHash: "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca",
            signedHeaders: "host;x-amz-content-sha256;x-amz-date",
            signature: "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"),
        Example(
            name: "GET Bucket (List Objects)", method: "GET", path: "/", query: "max-keys=2&prefix=J",
            headers: [("Host", host)], body: "",
            canonicalRequest: "GET\n/\nmax-keys=2&prefix=J\nhost:examplebucket.s3.amazonaws.com\nx-amz-content-sha256:\(emptyHash)\nx-amz-date:20130524T000000Z\n\nhost;x-amz-content-sha256;x-amz-date\n\(emptyHash)",
            stringToSignHash: "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
            signedHeaders: "host;x-amz-content-sha256;x-amz-date",
            signature: "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"),
    ]

    @Test(arguments: examples)
    func headerSignedExamples(_ example: Example) throws {
        var request = SigV4Request(method: example.method, path: example.path, query: example.query, headers: example.headers)
        let body = Array(example.body.utf8)
        SigV4Signer.sign(&request, body: body, credentials: Self.credentials, region: "us-east-1", service: "s3", date: Self.now, includeContentSHA256: true)
        #expect(request.header("authorization") == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/\(Self.scope), SignedHeaders=\(example.signedHeaders), Signature=\(example.signature)")

        let claim = try #require(try SigV4Parser.claim(of: request))
        #expect(claim.service == "s3")
        #expect(claim.payload == .hash(TestSupport.sha256Hex(body)))
        let canonicalRequest = SigV4Signer.canonicalRequest(for: request, signedHeaders: claim.signedHeaders, payloadHash: TestSupport.sha256Hex(body), service: "s3")
        #expect(canonicalRequest == example.canonicalRequest)
        #expect(SigV4Signer.stringToSign(amzDate: claim.amzDate, credentialScope: claim.credentialScope, canonicalRequest: canonicalRequest)
            == "AWS4-HMAC-SHA256\n20130524T000000Z\n\(Self.scope)\n\(example.stringToSignHash)")

        let verifier = SigV4Verifier()
        _ = try verifier.verify(claim, request: request, body: body, secretAccessKey: Self.credentials.secretAccessKey, now: Self.now)
        // The documented signature fails with any other secret...
        #expect(throws: SigV4Error.self) {
            try verifier.verify(claim, request: request, body: body, secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEZ", now: Self.now)
        }
        // ...and a body that does not match x-amz-content-sha256 is caught after the signature checks out.
        let error = #expect(throws: SigV4Error.self) {
            try verifier.verify(claim, request: request, body: body + [0x21], secretAccessKey: Self.credentials.secretAccessKey, now: Self.now)
        }
        #expect(error == .contentSHA256Mismatch(claimed: TestSupport.sha256Hex(body), computed: TestSupport.sha256Hex(body + [0x21])))
    }

    /// "Example: presigned URL" from the query-string authentication page.
    @Test func presignedURLExample() throws {
        let request = SigV4Request(method: "GET", path: "/test.txt", query: "", headers: [("Host", Self.host)])
        let query = SigV4Signer.presignedQuery(for: request, credentials: Self.credentials, region: "us-east-1", service: "s3", date: Self.now, expires: 86_400)
        #expect(query == "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")

        let presigned = SigV4Request(method: "GET", path: "/test.txt", query: query, headers: [("Host", Self.host)])
        let claim = try #require(try SigV4Parser.claim(of: presigned))
        #expect(claim.isPresigned)
        #expect(claim.expiresSeconds == 86_400)
        #expect(claim.payload == .unsigned)
        let verifier = SigV4Verifier()
        _ = try verifier.verify(claim, request: presigned, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.now.addingTimeInterval(86_400))
        #expect(throws: SigV4Error.presignedExpired) {
            try verifier.verify(claim, request: presigned, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.now.addingTimeInterval(86_401))
        }
    }

    static let chunkedHeaders: [(name: String, value: String)] = [
        ("Host", "s3.amazonaws.com"),
        ("x-amz-date", "20130524T000000Z"),
        ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
        ("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"),
        ("Content-Encoding", "aws-chunked"),
        ("x-amz-decoded-content-length", "66560"),
        ("Content-Length", "66824"),
    ]

    static let chunkSignatures = [
        "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
        "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
        "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
    ]

    static func documentedChunkedBody(signatures: [String] = chunkSignatures, trailer: String = "") -> [UInt8] {
        Array("10000;chunk-signature=\(signatures[0])\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 65_536)
            + Array("\r\n400;chunk-signature=\(signatures[1])\r\n".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 1_024)
            + Array("\r\n0;chunk-signature=\(signatures[2])\r\n\(trailer)\r\n".utf8)
    }

    /// "Example: PUT Object" of the streaming (chunked upload) page: 66560 bytes of `a` in 64 KB + 1 KB chunks.
    @Test func streamingPutExample() throws {
        var request = SigV4Request(method: "PUT", path: "/examplebucket/chunkObject.txt", query: "", headers: Self.chunkedHeaders)
        SigV4Signer.sign(&request, body: [], credentials: Self.credentials, region: "us-east-1", service: "s3", date: Self.now)
        let claim = try #require(try SigV4Parser.claim(of: request))
        #expect(claim.signature == "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9")
        #expect(claim.signedHeaders == ["content-encoding", "content-length", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-decoded-content-length", "x-amz-storage-class"])
        #expect(claim.payload == .streamingSigned)
        let canonicalRequest = SigV4Signer.canonicalRequest(for: request, signedHeaders: claim.signedHeaders, payloadHash: "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", service: "s3")
        #expect(SigV4Signer.stringToSign(amzDate: claim.amzDate, credentialScope: claim.credentialScope, canonicalRequest: canonicalRequest)
            == "AWS4-HMAC-SHA256\n20130524T000000Z\n\(Self.scope)\ncee3fed04b70f867d036f722359b0b1f2f0e5dc0efadbc082b76c4c60e316455")

        let verified = try SigV4Verifier().verify(claim, request: request, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.now)
        let body = Self.documentedChunkedBody()
        #expect(body.count == 66_824)

        var decoder = AWSChunkedDecoder(verified: verified, declaredTrailer: nil, decodedContentLength: 66_560)
        let decoded = try decoder.feed(body)
        #expect(decoded == [UInt8](repeating: UInt8(ascii: "a"), count: 66_560))
        #expect(try decoder.finish() == [:])

        // Our encoder writes the documented body byte for byte.
        var encoder = AWSChunkedEncoder(
            mode: .signed, signingKey: verified.signingKey, amzDate: claim.amzDate, credentialScope: claim.credentialScope,
            seedSignature: claim.signature, checksum: nil)
        #expect(encoder.encode(body: [UInt8](repeating: UInt8(ascii: "a"), count: 66_560), chunkSize: 65_536) == body)

        // Each documented chunk signature is checked: changing any one of them fails the stream.
        for index in Self.chunkSignatures.indices {
            var signatures = Self.chunkSignatures
            signatures[index] = TestSupport.flipLastHexDigit(signatures[index])
            var tampered = AWSChunkedDecoder(verified: verified, declaredTrailer: nil, decodedContentLength: 66_560)
            #expect(throws: SigV4Error.chunkSignatureDoesNotMatch) {
                _ = try tampered.feed(Self.documentedChunkedBody(signatures: signatures))
                _ = try tampered.finish()
            }
        }
    }

    /// The streaming example with a signed CRC32C trailer (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER`).
    @Test func streamingPutWithTrailerExample() throws {
        var headers = Self.chunkedHeaders.filter { $0.name != "Content-Length" }
        headers[3].value = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
        headers.append(("x-amz-trailer", "x-amz-checksum-crc32c"))
        var request = SigV4Request(method: "PUT", path: "/examplebucket/chunkObject.txt", query: "", headers: headers)
        SigV4Signer.sign(&request, body: [], credentials: Self.credentials, region: "us-east-1", service: "s3", date: Self.now)
        let claim = try #require(try SigV4Parser.claim(of: request))
        #expect(claim.signature == "106e2a8a18243abcf37539882f36619c00e2dfc72633413f02d3b74544bfeb8e")
        #expect(claim.payload == .streamingSignedTrailer)
        let verified = try SigV4Verifier().verify(claim, request: request, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.now)

        let signatures = [
            "b474d8862b1487a5145d686f57f013e54db672cee1c953b3010fb58501ef5aa2",
            "1c1344b170168f8e65b41376b44b20fe354e373826ccbbe2c1d40a8cae51e5c7",
            "2ca2aba2005185cf7159c6277faf83795951dd77a3a99e6e65d5c9f85863f992",
        ]
        let trailer = "x-amz-checksum-crc32c:sOO8/Q==\r\nx-amz-trailer-signature:d81f82fc3505edab99d459891051a732e8730629a2e4a59689829ca17fe2e435\r\n"
        let body = Self.documentedChunkedBody(signatures: signatures, trailer: trailer)
        var decoder = AWSChunkedDecoder(verified: verified, declaredTrailer: "x-amz-checksum-crc32c", decodedContentLength: 66_560)
        #expect(try decoder.feed(body).count == 66_560)
        #expect(try decoder.finish() == ["x-amz-checksum-crc32c": "sOO8/Q=="])

        var encoder = AWSChunkedEncoder(
            mode: .signedTrailer, signingKey: verified.signingKey, amzDate: claim.amzDate, credentialScope: claim.credentialScope,
            seedSignature: claim.signature, checksum: .crc32c)
        #expect(encoder.encode(body: [UInt8](repeating: UInt8(ascii: "a"), count: 66_560), chunkSize: 65_536) == body)

        let forged = Self.documentedChunkedBody(signatures: signatures, trailer: trailer.replacingOccurrences(of: "d81f82fc", with: "d81f82fd"))
        var tampered = AWSChunkedDecoder(verified: verified, declaredTrailer: "x-amz-checksum-crc32c", decodedContentLength: 66_560)
        #expect(throws: SigV4Error.chunkSignatureDoesNotMatch) {
            _ = try tampered.feed(forged)
            _ = try tampered.finish()
        }
    }
}
