import Foundation
import SigV4
import Testing

/// Reading claims: anonymous requests, both forms, and the malformed ones AWS answers with its own words.
@Suite struct SigV4ParserTests {
    static let credential = "AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request"
    static let signature = String(repeating: "ab", count: 32)

    static func request(authorization: String?, headers: [(name: String, value: String)] = [("X-Amz-Date", "20150830T123600Z")], query: String = "") -> SigV4Request {
        var all: [(name: String, value: String)] = [("Host", "iam.amazonaws.com")] + headers
        if let authorization { all.append(("Authorization", authorization)) }
        return SigV4Request(method: "POST", path: "/", query: query, headers: all)
    }

    @Test func anonymousRequestHasNoClaim() throws {
        #expect(try SigV4Parser.claim(of: Self.request(authorization: nil)) == nil)
        #expect(try SigV4Parser.claim(of: Self.request(authorization: nil, query: "prefix=a&X-Amz-Foo=1")) == nil)
    }

    @Test func headerClaim() throws {
        let claim = try #require(try SigV4Parser.claim(of: Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=Host;X-Amz-Date, Signature=\(Self.signature)",
            headers: [("x-amz-date", "20150830T123600Z"), ("X-Amz-Security-Token", "token")])))
        #expect(claim.accessKeyID == "AKIDEXAMPLE")
        #expect(claim.amzDate == "20150830T123600Z")
        #expect(claim.date == TestSupport.date("20150830T123600Z"))
        #expect(claim.dateStamp == "20150830")
        #expect(claim.region == "us-east-1")
        #expect(claim.service == "iam")
        #expect(claim.credentialScope == "20150830/us-east-1/iam/aws4_request")
        #expect(claim.signedHeaders == ["host", "x-amz-date"])
        #expect(claim.signature == Self.signature)
        #expect(claim.sessionToken == "token")
        #expect(!claim.isPresigned)
        #expect(claim.expiresSeconds == nil)
        #expect(claim.payload == .absent)
    }

    /// Without `X-Amz-Date` the `Date` header dates the request, in RFC 1123 or botocore's `-0000` form.
    @Test(arguments: ["Sun, 30 Aug 2015 12:36:00 GMT", "Sun, 30 Aug 2015 12:36:00 -0000", "30 Aug 2015 12:36:00 UTC"])
    func dateHeader(_ date: String) throws {
        let claim = try #require(try SigV4Parser.claim(of: Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=date;host, Signature=\(Self.signature)",
            headers: [("Date", date)])))
        #expect(claim.amzDate == "20150830T123600Z")
        #expect(claim.date == TestSupport.date("20150830T123600Z"))
    }

    @Test(arguments: [
        ("UNSIGNED-PAYLOAD", PayloadMode.unsigned),
        ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", .streamingSigned),
        ("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", .streamingSignedTrailer),
        ("STREAMING-UNSIGNED-PAYLOAD-TRAILER", .streamingUnsignedTrailer),
        ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", .hash("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")),
    ])
    func payloadModes(_ value: String, _ mode: PayloadMode) throws {
        let claim = try #require(try SigV4Parser.claim(of: Self.request(
            authorization: "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=host;x-amz-date, Signature=\(Self.signature)",
            headers: [("X-Amz-Date", "20150830T123600Z"), ("x-amz-content-sha256", value)])))
        #expect(claim.payload == mode)
        #expect(claim.payload.isStreaming == value.hasPrefix("STREAMING"))
    }

    @Test(arguments: ["STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD", "abc", "not-a-hash", String(repeating: "g", count: 64)])
    func invalidContentSHA256(_ value: String) {
        #expect(throws: SigV4Error.invalidContentSHA256(value)) {
            try SigV4Parser.claim(of: Self.request(
                authorization: "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=host;x-amz-date, Signature=\(Self.signature)",
                headers: [("X-Amz-Date", "20150830T123600Z"), ("x-amz-content-sha256", value)]))
        }
    }

    @Test func missingPartsGetAWSsMessage() {
        let header = "AWS4-HMAC-SHA256 Credential=\(Self.credential)"
        #expect(throws: SigV4Error.incompleteSignature(
            "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=\(header)"
        )) { try SigV4Parser.claim(of: Self.request(authorization: header)) }

        let noDate = "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=host, Signature=\(Self.signature)"
        let error = #expect(throws: SigV4Error.self) { try SigV4Parser.claim(of: Self.request(authorization: noDate, headers: [])) }
        #expect(error == .incompleteSignature(
            "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=\(noDate)"))
        #expect(error?.awsError(s3: false).code == "IncompleteSignature")
        #expect(error?.awsError(s3: true).code == "AccessDenied")
        #expect(error?.awsError(s3: true).message == "AWS authentication requires a valid Date or x-amz-date header")

        #expect(throws: SigV4Error.incompleteSignature(
            "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=Bearer abc"
        )) { try SigV4Parser.claim(of: Self.request(authorization: "Bearer abc")) }
    }

    @Test func missingEqualsSign() {
        let header = "AWS4-HMAC-SHA256 Credential \(Self.credential), SignedHeaders=host, Signature=\(Self.signature)"
        #expect(throws: SigV4Error.incompleteSignature(
            "'Credential \(Self.credential)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(header)'."
        )) { try SigV4Parser.claim(of: Self.request(authorization: header)) }
    }

    @Test func malformedCredentials() {
        for (credential, message) in [
            ("AKIDEXAMPLE/20150830/us-east-1/iam/aws4_requests", "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_requests'."),
            ("AKIDEXAMPLE/20150830/us-east-1/aws4_request", "Credential should be scoped to a valid date, region and service: 'AKIDEXAMPLE/20150830/us-east-1/aws4_request'."),
            ("AKIDEXAMPLE/2015-08-30/us-east-1/iam/aws4_request", "Credential should be scoped to a valid date, region and service: 'AKIDEXAMPLE/2015-08-30/us-east-1/iam/aws4_request'."),
        ] {
            let header = "AWS4-HMAC-SHA256 Credential=\(credential), SignedHeaders=host;x-amz-date, Signature=\(Self.signature)"
            #expect(throws: SigV4Error.incompleteSignature(message)) { try SigV4Parser.claim(of: Self.request(authorization: header)) }
        }
        let header = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150831/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=\(Self.signature)"
        let error = #expect(throws: SigV4Error.self) { try SigV4Parser.claim(of: Self.request(authorization: header)) }
        #expect(error == .incompleteSignature(
            "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'."))
        #expect(error?.awsError(s3: true).code == "AuthorizationHeaderMalformed")
    }

    @Test func badDateFormat() {
        let header = "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=host;x-amz-date, Signature=\(Self.signature)"
        #expect(throws: SigV4Error.incompleteSignature(
            "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601"
        )) { try SigV4Parser.claim(of: Self.request(authorization: header, headers: [("X-Amz-Date", "2015-08-30T12:36:00Z")])) }
    }

    @Test func hostMustBeSigned() {
        let header = "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=x-amz-date, Signature=\(Self.signature)"
        #expect(throws: SigV4Error.incompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")) {
            try SigV4Parser.claim(of: Self.request(authorization: header))
        }
    }

    @Test func otherAlgorithmsAreUnsupported() {
        #expect(throws: SigV4Error.unsupportedAlgorithm("AWS")) {
            try SigV4Parser.claim(of: Self.request(authorization: "AWS AKIDEXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg="))
        }
        #expect(throws: SigV4Error.unsupportedAlgorithm("AWS4-ECDSA-P256-SHA256")) {
            try SigV4Parser.claim(of: Self.request(authorization: "AWS4-ECDSA-P256-SHA256 Credential=AKID/20150830/s3/aws4_request, SignedHeaders=host, Signature=00"))
        }
        #expect(throws: SigV4Error.unsupportedAlgorithm("AWS")) {
            try SigV4Parser.claim(of: Self.request(authorization: nil, query: "AWSAccessKeyId=AKID&Expires=1&Signature=abc"))
        }
        #expect(SigV4Error.unsupportedAlgorithm("AWS").awsError(s3: true).message == "Unsupported Authorization Type")
    }

    @Test func presignedClaim() throws {
        let query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Security-Token=a%2Bb%2Fc%3D&X-Amz-Signature=\(Self.signature)"
        let claim = try #require(try SigV4Parser.claim(of: Self.request(authorization: nil, headers: [], query: query)))
        #expect(claim.isPresigned)
        #expect(claim.expiresSeconds == 60)
        #expect(claim.service == "s3")
        #expect(claim.sessionToken == "a+b/c=")
        #expect(claim.payload == .unsigned)

        let sts = query.replacingOccurrences(of: "%2Fs3%2F", with: "%2Fsts%2F")
        #expect(try SigV4Parser.claim(of: Self.request(authorization: nil, headers: [], query: sts))?.payload == .absent)
    }

    @Test func everyAmzHeaderMustBeSignedSaveTheOnesTheSignatureCoversAnyway() throws {
        let query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-amz-meta-a&X-Amz-Signature=\(Self.signature)"
        let signedMeta: [(name: String, value: String)] = [("host", "b.s3"), ("X-Amz-Meta-A", "1"), ("x-amz-content-sha256", "UNSIGNED-PAYLOAD"), ("X-Amz-Security-Token", "t")]
        #expect(try SigV4Parser.claim(of: Self.request(authorization: nil, headers: signedMeta, query: query)) != nil)
        #expect(throws: SigV4Error.headersNotSigned(["x-amz-copy-source", "x-amz-tagging"])) {
            try SigV4Parser.claim(of: Self.request(authorization: nil, headers: signedMeta + [("x-amz-copy-source", "v/k"), ("X-Amz-Tagging", "a=b"), ("x-amz-copy-source", "w/k")], query: query))
        }
        let header = "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=host;x-amz-date, Signature=\(Self.signature)"
        #expect(throws: SigV4Error.headersNotSigned(["x-amz-acl"])) {
            try SigV4Parser.claim(of: Self.request(authorization: header, headers: [("X-Amz-Date", "20150830T123600Z"), ("host", "h"), ("x-amz-acl", "public-read")]))
        }
        let (code, message, status) = SigV4Error.headersNotSigned(["x-amz-acl"]).awsError(s3: true)
        #expect((code, message, status) == ("AccessDenied", "There were headers present in the request which were not signed", 403))
    }

    @Test func malformedPresigns() {
        let base = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=\(Self.signature)"
        let cases: [(String, String)] = [
            (base.replacingOccurrences(of: "&X-Amz-Date=20150830T123600Z", with: ""),
             "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."),
            (base.replacingOccurrences(of: "AWS4-HMAC-SHA256", with: "AWS4-HMAC-SHA1"), "X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\""),
            (base.replacingOccurrences(of: "20150830T123600Z", with: "2015-08-30"), "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""),
            (base.replacingOccurrences(of: "%2Faws4_request", with: ""),
             "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\"."),
            (base.replacingOccurrences(of: "X-Amz-Date=20150830", with: "X-Amz-Date=20150831"),
             "Invalid credential date \"20150830\". This date is not the same as X-Amz-Date: \"20150831\"."),
        ]
        for (query, message) in cases {
            let error = #expect(throws: SigV4Error.self) { try SigV4Parser.claim(of: Self.request(authorization: nil, headers: [], query: query)) }
            #expect(error == .malformedPresign(message))
            #expect(error?.awsError(s3: true).code == "AuthorizationQueryParametersError")
            #expect(error?.awsError(s3: true).status == 400)
        }
        let both = Self.request(authorization: "AWS4-HMAC-SHA256 Credential=\(Self.credential), SignedHeaders=host;x-amz-date, Signature=\(Self.signature)", query: base)
        #expect(throws: SigV4Error.self) { try SigV4Parser.claim(of: both) }
    }

    @Test func headerLookupIsCaseInsensitiveAndJoinsRepeats() {
        let request = SigV4Request(method: "GET", path: "/", query: "", headers: [("X-Thing", "a"), ("x-thing", "b"), ("Other", "c")])
        #expect(request.header("X-THING") == "a,b")
        #expect(request.header("other") == "c")
        #expect(request.header("missing") == nil)
    }
}
