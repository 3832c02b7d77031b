import Foundation
import SigV4
import Testing

/// Clock skew for header-signed requests and expiry for presigned ones.
@Suite struct ClockAndExpiryTests {
    static let credentials = SigV4Credentials(accessKeyID: "AKIDCLOCK", secretAccessKey: "clock/secret")
    static let signedAt = TestSupport.date("20240601T120000Z")

    static func headerSigned(service: String = "sts") -> (SigV4Claim, SigV4Request) {
        var request = SigV4Request(method: "GET", path: "/", query: "Action=GetCallerIdentity&Version=2011-06-15", headers: [("Host", "sts.localhost")])
        SigV4Signer.sign(&request, body: [], credentials: credentials, region: "us-east-1", service: service, date: signedAt)
        guard let claim = try? SigV4Parser.claim(of: request) else { fatalError("our own signature must parse") }
        return (claim, request)
    }

    static func presigned(expires: Int, query: String = "") -> SigV4Request {
        let request = SigV4Request(method: "GET", path: "/bucket/key.txt", query: query, headers: [("Host", "s3.localhost")])
        let presigned = SigV4Signer.presignedQuery(for: request, credentials: credentials, region: "us-east-1", service: "s3", date: signedAt, expires: expires)
        return SigV4Request(method: "GET", path: "/bucket/key.txt", query: presigned, headers: [("Host", "s3.localhost")])
    }

    @Test(arguments: [-16.0, 16.0])
    func headerRequestSixteenMinutesOffIsTooSkewed(_ minutes: Double) throws {
        let (claim, request) = Self.headerSigned()
        let now = Self.signedAt.addingTimeInterval(minutes * 60)
        let error = #expect(throws: SigV4Error.self) {
            try SigV4Verifier().verify(claim, request: request, body: [], secretAccessKey: Self.credentials.secretAccessKey, now: now)
        }
        #expect(error == .requestTimeTooSkewed(requestTime: "20240601T120000Z", serverTime: minutes > 0 ? "20240601T121600Z" : "20240601T114400Z"))
    }

    @Test(arguments: [-14.0, 0, 14.0, 15.0])
    func headerRequestWithinFifteenMinutesIsAccepted(_ minutes: Double) throws {
        let (claim, request) = Self.headerSigned()
        _ = try SigV4Verifier().verify(
            claim, request: request, body: [], secretAccessKey: Self.credentials.secretAccessKey, now: Self.signedAt.addingTimeInterval(minutes * 60))
    }

    @Test func maxClockSkewIsConfigurable() throws {
        let (claim, request) = Self.headerSigned()
        var verifier = SigV4Verifier(maxClockSkew: 60)
        #expect(throws: SigV4Error.self) {
            try verifier.verify(claim, request: request, body: [], secretAccessKey: Self.credentials.secretAccessKey, now: Self.signedAt.addingTimeInterval(61))
        }
        verifier.maxClockSkew = 120
        _ = try verifier.verify(claim, request: request, body: [], secretAccessKey: Self.credentials.secretAccessKey, now: Self.signedAt.addingTimeInterval(61))
    }

    @Test func presignedPastExpiryIsExpired() throws {
        let request = Self.presigned(expires: 300)
        let claim = try #require(try SigV4Parser.claim(of: request))
        let verifier = SigV4Verifier()
        // Valid for its whole lifetime, well past the 15 minute skew a header signature would get.
        _ = try verifier.verify(claim, request: request, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.signedAt.addingTimeInterval(300))
        #expect(throws: SigV4Error.presignedExpired) {
            try verifier.verify(claim, request: request, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.signedAt.addingTimeInterval(301))
        }
        let week = Self.presigned(expires: 604_800)
        let weekClaim = try #require(try SigV4Parser.claim(of: week))
        _ = try verifier.verify(weekClaim, request: week, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.signedAt.addingTimeInterval(604_000))
    }

    @Test func presignedDatedInTheFutureIsRefused() throws {
        let request = Self.presigned(expires: 3_600)
        let claim = try #require(try SigV4Parser.claim(of: request))
        let verifier = SigV4Verifier()
        _ = try verifier.verify(claim, request: request, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.signedAt.addingTimeInterval(-14 * 60))
        let error = #expect(throws: SigV4Error.self) {
            try verifier.verify(claim, request: request, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.signedAt.addingTimeInterval(-16 * 60))
        }
        if case .requestTimeTooSkewed = error {} else { Issue.record("expected requestTimeTooSkewed, got \(String(describing: error))") }
    }

    @Test(arguments: [("604801", ExpiresMessage.tooLong), ("0", ExpiresMessage.notPositive), ("-5", ExpiresMessage.notPositive), ("soon", ExpiresMessage.notNumber)])
    func badExpiresIsMalformed(_ expires: String, _ message: String) throws {
        let request = Self.presigned(expires: 60)
        var tampered = request
        tampered.query = request.query.replacingOccurrences(of: "X-Amz-Expires=60", with: "X-Amz-Expires=\(expires)")
        #expect(throws: SigV4Error.malformedPresign(message)) { try SigV4Parser.claim(of: tampered) }
    }

    @Test func tamperedPresignedQueryDoesNotMatch() throws {
        let request = Self.presigned(expires: 600, query: "response-content-type=text%2Fplain&versionId=3")
        let claim = try #require(try SigV4Parser.claim(of: request))
        _ = try SigV4Verifier().verify(claim, request: request, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.signedAt)

        for tamper in [("versionId=3", "versionId=4"), ("text%2Fplain", "text%2Fhtml"), ("X-Amz-Expires=600", "X-Amz-Expires=6000")] {
            var tampered = request
            tampered.query = request.query.replacingOccurrences(of: tamper.0, with: tamper.1)
            #expect(tampered.query != request.query)
            let tamperedClaim = try #require(try SigV4Parser.claim(of: tampered))
            let error = #expect(throws: SigV4Error.self, "\(tamper)") {
                try SigV4Verifier().verify(tamperedClaim, request: tampered, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.signedAt)
            }
            if case .signatureDoesNotMatch = error {} else { Issue.record("\(tamper): expected signatureDoesNotMatch, got \(String(describing: error))") }
        }
        // Reordering the parameters is not tampering: the canonical query is sorted.
        var reordered = request
        reordered.query = request.query.split(separator: "&").reversed().joined(separator: "&")
        let reorderedClaim = try #require(try SigV4Parser.claim(of: reordered))
        _ = try SigV4Verifier().verify(reorderedClaim, request: reordered, body: nil, secretAccessKey: Self.credentials.secretAccessKey, now: Self.signedAt)
    }

    /// The messages AWS gives for a skewed clock outside S3, which name both ends of the window; the code is `RequestTimeTooSkewed` everywhere.
    @Test func skewMessages() {
        let late = SigV4Error.requestTimeTooSkewed(requestTime: "20240601T120000Z", serverTime: "20240601T121600Z").awsError(s3: false)
        #expect(late.code == "RequestTimeTooSkewed")
        #expect(late.status == 403)
        #expect(late.message == "Signature expired: 20240601T120000Z is now earlier than 20240601T120100Z (20240601T121600Z - 15 min.)")
        let early = SigV4Error.requestTimeTooSkewed(requestTime: "20240601T120000Z", serverTime: "20240601T114400Z").awsError(s3: false)
        #expect(early.message == "Signature not yet current: 20240601T120000Z is still later than 20240601T115900Z (20240601T114400Z + 15 min.)")
        let s3 = SigV4Error.requestTimeTooSkewed(requestTime: "20240601T120000Z", serverTime: "20240601T121600Z").awsError(s3: true)
        #expect(s3.code == "RequestTimeTooSkewed")
        #expect(s3.message == "The difference between the request time and the current time is too large.")
        #expect(s3.status == 403)
    }
}

/// AWS's texts for a bad `X-Amz-Expires`.
enum ExpiresMessage {
    static let tooLong = "X-Amz-Expires must be less than a week (in seconds) that is, the given X-Amz-Expires must be less than 604800 seconds"
    static let notPositive = "X-Amz-Expires must be non-negative"
    static let notNumber = "X-Amz-Expires should be a number"
}
