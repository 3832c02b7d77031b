import Foundation
import SigV4
import Testing

/// AWS's published SigV4 test suite: each vector checks the canonical request, the string to sign and the
/// Authorization our signer writes, then that the verifier accepts the suite's request and refuses it with one byte changed.
@Suite struct AWSTestSuiteTests {
    static let credentials = SigV4Credentials(accessKeyID: AWSTestSuiteVector.accessKeyID, secretAccessKey: AWSTestSuiteVector.secretAccessKey)
    static let now = TestSupport.date(AWSTestSuiteVector.amzDate)

    @Test(arguments: AWSTestSuiteVector.all)
    func signerMatchesTheSuite(_ vector: AWSTestSuiteVector) throws {
        var request = SigV4Request(method: vector.method, path: vector.path, query: vector.query, headers: vector.headers)
        SigV4Signer.sign(&request, body: Array(vector.body.utf8), credentials: Self.credentials, region: "us-east-1", service: "service", date: Self.now)
        #expect(request.header("authorization") == vector.authorization)

        let claim = try #require(try SigV4Parser.claim(of: request))
        let canonicalRequest = SigV4Signer.canonicalRequest(
            for: request, signedHeaders: claim.signedHeaders, payloadHash: TestSupport.sha256Hex(Array(vector.body.utf8)), service: "service")
        #expect(canonicalRequest == vector.canonicalRequest)
        let stringToSign = SigV4Signer.stringToSign(amzDate: claim.amzDate, credentialScope: claim.credentialScope, canonicalRequest: canonicalRequest)
        #expect(stringToSign == vector.stringToSign)
        let key = SigningKey(secretAccessKey: AWSTestSuiteVector.secretAccessKey, dateStamp: "20150830", region: "us-east-1", service: "service")
        #expect(key.signature(for: stringToSign) == vector.signature)
    }

    @Test(arguments: AWSTestSuiteVector.all)
    func verifierAcceptsTheSuiteRequest(_ vector: AWSTestSuiteVector) throws {
        let request = suiteRequest(vector)
        let claim = try #require(try SigV4Parser.claim(of: request))
        #expect(claim.accessKeyID == "AKIDEXAMPLE")
        #expect(claim.service == "service")
        #expect(claim.region == "us-east-1")
        #expect(claim.credentialScope == AWSTestSuiteVector.scope)
        #expect(claim.payload == .absent)
        let verified = try SigV4Verifier().verify(
            claim, request: request, body: Array(vector.body.utf8), secretAccessKey: AWSTestSuiteVector.secretAccessKey, now: Self.now)
        #expect(verified.claim.signature == vector.signature)
    }

    @Test(arguments: AWSTestSuiteVector.all)
    func verifierRefusesOneChangedByte(_ vector: AWSTestSuiteVector) throws {
        let request = suiteRequest(vector)
        let verifier = SigV4Verifier()
        let body = Array(vector.body.utf8)

        var badSignature = request
        badSignature.headers[badSignature.headers.count - 1].value = TestSupport.flipLastHexDigit(vector.authorization)
        try expectMismatch(badSignature, body: body, verifier: verifier, expectedCanonical: vector.canonicalRequest)

        let otherHost = TestSupport.replacing("host", with: "example.amazonaws.con", in: request)
        try expectMismatch(otherHost, body: body, verifier: verifier, expectedCanonical: nil)

        var otherMethod = request
        otherMethod.method = vector.method == "GET" ? "PUT" : "GET"
        try expectMismatch(otherMethod, body: body, verifier: verifier, expectedCanonical: nil)

        if !body.isEmpty {
            try expectMismatch(request, body: body.dropLast() + [UInt8(ascii: "2")], verifier: verifier, expectedCanonical: nil)
        }
    }

    /// The suite's second token case: the token header is added after signing, so it is not signed but still read.
    @Test func tokenAddedAfterSigningIsReadButNotSigned() throws {
        var request = SigV4Request(method: "POST", path: "/", query: "", headers: [("Host", "example.amazonaws.com")])
        SigV4Signer.sign(&request, body: [], credentials: Self.credentials, region: "us-east-1", service: "service", date: Self.now)
        #expect(TestSupport.signature(in: request.header("authorization")) == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b")
        request.headers.append(("X-Amz-Security-Token", AWSTestSuiteVector.sessionToken))
        let claim = try #require(try SigV4Parser.claim(of: request))
        #expect(claim.sessionToken == AWSTestSuiteVector.sessionToken)
        #expect(claim.signedHeaders == ["host", "x-amz-date"])
        _ = try SigV4Verifier().verify(claim, request: request, body: [], secretAccessKey: AWSTestSuiteVector.secretAccessKey, now: Self.now)
    }

    /// The signer adds the token before signing when the credentials carry one, which is the suite's "header before" case.
    @Test func signerSignsTheSessionToken() {
        var request = SigV4Request(method: "POST", path: "/", query: "", headers: [("Host", "example.amazonaws.com")])
        let credentials = SigV4Credentials(
            accessKeyID: AWSTestSuiteVector.accessKeyID, secretAccessKey: AWSTestSuiteVector.secretAccessKey,
            sessionToken: AWSTestSuiteVector.sessionToken)
        SigV4Signer.sign(&request, body: [], credentials: credentials, region: "us-east-1", service: "service", date: Self.now)
        #expect(request.header("x-amz-security-token") == AWSTestSuiteVector.sessionToken)
        #expect(TestSupport.signature(in: request.header("authorization")) == "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead")
    }

    private func suiteRequest(_ vector: AWSTestSuiteVector) -> SigV4Request {
        SigV4Request(
            method: vector.method, path: vector.path, query: vector.query,
            headers: vector.headers + [("Authorization", vector.authorization)])
    }

    private func expectMismatch(_ request: SigV4Request, body: [UInt8], verifier: SigV4Verifier, expectedCanonical: String?) throws {
        let claim = try #require(try SigV4Parser.claim(of: request))
        let error = #expect(throws: SigV4Error.self) {
            try verifier.verify(claim, request: request, body: body, secretAccessKey: AWSTestSuiteVector.secretAccessKey, now: Self.now)
        }
        guard case .signatureDoesNotMatch(let canonicalRequest, _) = error else {
            Issue.record("expected signatureDoesNotMatch, got \(String(describing: error))")
            return
        }
        if let expectedCanonical {
            #expect(canonicalRequest == expectedCanonical)
        }
    }
}
