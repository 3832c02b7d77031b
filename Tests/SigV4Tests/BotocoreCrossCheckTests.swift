import Foundation
import SigV4
import Testing

/// Requests signed by botocore itself: our verifier must accept every one and our signer must reproduce them.
@Suite struct BotocoreCrossCheckTests {
    static let now = TestSupport.date("20240115T102030Z")

    @Test(arguments: BotocoreFixture.all)
    func verifierAcceptsBotocoreRequest(_ fixture: BotocoreFixture) throws {
        let request = SigV4Request(
            method: fixture.method, path: fixture.path, query: fixture.signedQuery,
            headers: fixture.signedHeaders.map { (name: $0.0, value: $0.1) })
        let claim = try #require(try SigV4Parser.claim(of: request))
        #expect(claim.service == fixture.service)
        #expect(claim.region == fixture.region)
        #expect(claim.accessKeyID == fixture.accessKeyID)
        #expect(claim.sessionToken == fixture.sessionToken)
        #expect(claim.isPresigned == (fixture.expires != nil))
        #expect(claim.expiresSeconds == fixture.expires)
        let body = fixture.chunked == nil ? fixture.body : nil
        let verified = try SigV4Verifier().verify(claim, request: request, body: body, secretAccessKey: fixture.secretAccessKey, now: Self.now)

        // The same request with the secret off by one character is refused.
        #expect(throws: SigV4Error.self) {
            try SigV4Verifier().verify(claim, request: request, body: body, secretAccessKey: fixture.secretAccessKey + "x", now: Self.now)
        }

        if let chunked = fixture.chunked {
            #expect(claim.payload == .streamingUnsignedTrailer)
            var decoder = AWSChunkedDecoder(
                verified: verified, declaredTrailer: request.header("x-amz-trailer"),
                decodedContentLength: request.header("x-amz-decoded-content-length").flatMap { Int($0) })
            #expect(try decoder.feed(fixture.body) == chunked.payload)
            #expect(try decoder.finish() == [chunked.trailer: chunked.checksum])
        }
    }

    @Test(arguments: BotocoreFixture.all.filter { !$0.verifyOnly })
    func signerMatchesBotocore(_ fixture: BotocoreFixture) throws {
        var request = SigV4Request(
            method: fixture.method, path: fixture.path, query: fixture.query,
            headers: fixture.unsignedHeaders.map { (name: $0.0, value: $0.1) })
        if let expires = fixture.expires {
            let query = SigV4Signer.presignedQuery(
                for: request, credentials: fixture.credentials, region: fixture.region, service: fixture.service, date: Self.now, expires: expires)
            #expect(query == fixture.signedQuery)
            return
        }
        if fixture.s3, let contentSHA256 = fixture.signedHeaders.first(where: { $0.0.lowercased() == "x-amz-content-sha256" })?.1,
            contentSHA256 != TestSupport.sha256Hex(fixture.body)
        {
            // botocore decided on UNSIGNED-PAYLOAD or a STREAMING value before signing; a Slipway client sets it the same way.
            request.headers.append((name: "X-Amz-Content-SHA256", value: contentSHA256))
        }
        SigV4Signer.sign(
            &request, body: fixture.body, credentials: fixture.credentials, region: fixture.region, service: fixture.service,
            date: Self.now, includeContentSHA256: fixture.s3)
        #expect(request.header("authorization") == fixture.authorization)
    }

    /// Tampering with anything botocore signed is caught: the query of a presigned URL, a signed header, the path.
    @Test(arguments: BotocoreFixture.all)
    func tamperedBotocoreRequestIsRefused(_ fixture: BotocoreFixture) throws {
        var request = SigV4Request(
            method: fixture.method, path: fixture.path + "x", query: fixture.signedQuery,
            headers: fixture.signedHeaders.map { (name: $0.0, value: $0.1) })
        let body = fixture.chunked == nil ? fixture.body : nil
        var claim = try #require(try SigV4Parser.claim(of: request))
        #expect(throws: SigV4Error.self) {
            try SigV4Verifier().verify(claim, request: request, body: body, secretAccessKey: fixture.secretAccessKey, now: Self.now)
        }
        request.path = fixture.path
        request.query = fixture.signedQuery.isEmpty ? "extra=1" : fixture.signedQuery + "&extra=1"
        claim = try #require(try SigV4Parser.claim(of: request))
        let error = #expect(throws: SigV4Error.self) {
            try SigV4Verifier().verify(claim, request: request, body: body, secretAccessKey: fixture.secretAccessKey, now: Self.now)
        }
        if case .signatureDoesNotMatch = error {} else { Issue.record("expected signatureDoesNotMatch, got \(String(describing: error))") }
    }
}
