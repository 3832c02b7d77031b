import Foundation
import Testing
@testable import SigV4

/// S3's signature version 2, checked against what botocore's HmacV1Auth and HmacV1QueryAuth compute.
@Suite struct SigV2Tests {
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

    @Test func theHeaderFormSignsMethodHeadersAndTheResourceWithItsSubResources() throws {
        let request = SigV4Request(method: "PUT", path: "/photos/a%20b%2B1.txt", query: "tagging&x-id=PutObject", headers: [
            ("Content-Type", "text/plain"), ("x-amz-meta-Owner", " dana "), ("X-Amz-Meta-A", "1"), ("Date", "Sun, 06 Dec 2026 12:00:00 GMT"),
            ("Content-MD5", "XrY7u+Ae7tCTyyK7j1rNww=="), ("Authorization", "AWS AKIDEXAMPLE:IZ9tpJiTymYbo0o6FXnK2T0Rar8="),
        ])
        let claim = try #require(try SigV2.claim(of: request))
        #expect(claim.accessKeyID == "AKIDEXAMPLE" && !claim.isPresigned && claim.date == Date(timeIntervalSince1970: 1_796_558_400))
        let stringToSign = SigV2.stringToSign(request, claim: claim, resourcePath: request.path)
        #expect(stringToSign == "PUT\nXrY7u+Ae7tCTyyK7j1rNww==\ntext/plain\nSun, 06 Dec 2026 12:00:00 GMT\nx-amz-meta-a:1\nx-amz-meta-owner:dana\n/photos/a%20b%2B1.txt?tagging")
        #expect(SigV2.signature(of: stringToSign, secret: secret) == "IZ9tpJiTymYbo0o6FXnK2T0Rar8=")
        let now = Date(timeIntervalSince1970: 1_796_558_400 + 60)
        try SigV2.verify(claim, request: request, resourcePath: request.path, secretAccessKey: secret, now: now)
        #expect(throws: SigV4Error.self) { try SigV2.verify(claim, request: request, resourcePath: request.path, secretAccessKey: secret + "x", now: now) }
        #expect(throws: SigV4Error.self) { try SigV2.verify(claim, request: request, resourcePath: "/other/a%20b%2B1.txt", secretAccessKey: secret, now: now) }
        // Sixteen minutes off: too skewed.
        #expect(throws: SigV4Error.self) {
            try SigV2.verify(claim, request: request, resourcePath: request.path, secretAccessKey: secret, now: now.addingTimeInterval(15 * 60))
        }
    }

    @Test func thePresignedFormSignsItsExpiryAndExpires() throws {
        let query = "response-content-type=text%2Fcsv&versionId=v1&AWSAccessKeyId=AKIDEXAMPLE&Signature=%2BLpczr0YKVgvzQUq6LGoGU0D%2FnU%3D&Expires=1796562000"
        let request = SigV4Request(method: "GET", path: "/photos/k", query: query, headers: [("Host", "127.0.0.1:8080")])
        let claim = try #require(try SigV2.claim(of: request))
        #expect(claim.isPresigned && claim.signature == "+Lpczr0YKVgvzQUq6LGoGU0D/nU=" && claim.expires == Date(timeIntervalSince1970: 1_796_562_000))
        #expect(SigV2.stringToSign(request, claim: claim, resourcePath: "/photos/k") == "GET\n\n\n1796562000\n/photos/k?response-content-type=text/csv&versionId=v1")
        try SigV2.verify(claim, request: request, resourcePath: "/photos/k", secretAccessKey: secret, now: Date(timeIntervalSince1970: 1_796_561_000))
        do {
            try SigV2.verify(claim, request: request, resourcePath: "/photos/k", secretAccessKey: secret, now: Date(timeIntervalSince1970: 1_796_562_001))
            Issue.record("an expired URL was accepted")
        } catch {
            #expect(error.awsError(s3: true) == ("AccessDenied", "Request has expired", 403))
        }
    }

    @Test func requestsWithoutSigV2AreNotClaimsAndMalformedOnesAreRefused() throws {
        #expect(try SigV2.claim(of: SigV4Request(method: "GET", path: "/", query: "", headers: [])) == nil)
        #expect(try SigV2.claim(of: SigV4Request(method: "GET", path: "/", query: "", headers: [("Authorization", "AWS4-HMAC-SHA256 Credential=x")])) == nil)
        #expect(throws: SigV4Error.self) { try SigV2.claim(of: SigV4Request(method: "GET", path: "/", query: "AWSAccessKeyId=A&Signature=s", headers: [])) }
        #expect(throws: SigV4Error.self) { try SigV2.claim(of: SigV4Request(method: "GET", path: "/", query: "", headers: [("Authorization", "AWS nocolon")])) }
        #expect(throws: SigV4Error.self) { try SigV2.claim(of: SigV4Request(method: "GET", path: "/", query: "", headers: [("Authorization", "AWS A:s")])) }
    }

    @Test func theResourceIsPathStyleWithABucketAloneEndingInASlash() {
        #expect(SigV2.resourcePath(path: "/bucket", virtualHostBucket: nil) == "/bucket/")
        #expect(SigV2.resourcePath(path: "/bucket/", virtualHostBucket: nil) == "/bucket/")
        #expect(SigV2.resourcePath(path: "/bucket/a/b", virtualHostBucket: nil) == "/bucket/a/b")
        #expect(SigV2.resourcePath(path: "/", virtualHostBucket: nil) == "/")
        #expect(SigV2.resourcePath(path: "/", virtualHostBucket: "photos") == "/photos/")
        #expect(SigV2.resourcePath(path: "/k%20x", virtualHostBucket: "photos") == "/photos/k%20x")
    }
}
