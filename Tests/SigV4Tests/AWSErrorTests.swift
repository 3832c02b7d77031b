import SigV4
import Testing

/// The AWS error code, message and status each failure maps to, for S3 and for the other services.
@Suite struct AWSErrorTests {
    @Test func signatureMismatch() {
        let error = SigV4Error.signatureDoesNotMatch(canonicalRequest: "c", stringToSign: "s")
        #expect(error.awsError(s3: false) == (
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
            403))
        #expect(error.awsError(s3: true) == (
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
            403))
        #expect(SigV4Error.chunkSignatureDoesNotMatch.awsError(s3: true).code == "SignatureDoesNotMatch")
    }

    @Test func s3BodyErrors() {
        #expect(SigV4Error.checksumMismatch(algorithm: "CRC32").awsError(s3: true) == (
            "BadDigest", "The CRC32 you specified did not match the calculated checksum.", 400))
        #expect(SigV4Error.contentSHA256Mismatch(claimed: "a", computed: "b").awsError(s3: true) == (
            "XAmzContentSHA256Mismatch", "The provided 'x-amz-content-sha256' header does not match what was computed.", 400))
        #expect(SigV4Error.invalidContentSHA256("x").awsError(s3: true).code == "InvalidArgument")
        #expect(SigV4Error.truncatedStream.awsError(s3: true) == ("IncompleteBody", "The request body terminated unexpectedly", 400))
        #expect(SigV4Error.malformedChunk("bad").awsError(s3: true).code == "IncompleteBody")
        #expect(SigV4Error.decodedLengthMismatch.awsError(s3: true).status == 400)
        #expect(SigV4Error.presignedExpired.awsError(s3: true) == ("AccessDenied", "Request has expired", 403))
    }

    @Test func s3HeaderErrors() {
        #expect(SigV4Error.incompleteSignature("Authorization header requires 'Signature' parameter. Authorization=x").awsError(s3: true) == (
            "AuthorizationHeaderMalformed",
            "The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.",
            400))
        #expect(SigV4Error.incompleteSignature("Credential should be scoped with a valid terminator: 'aws4_request', not 'x'.").awsError(s3: true).message
            == "The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".")
        #expect(SigV4Error.malformedPresign("X-Amz-Expires should be a number").awsError(s3: false).code == "IncompleteSignature")
    }
}
