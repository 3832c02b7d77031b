import SigV4

/// A request botocore signed, captured before and after signing (see `BotocoreFixtures.swift`).
struct BotocoreFixture: Sendable, CustomStringConvertible {
    /// A body botocore framed as `aws-chunked` with `AwsChunkedWrapper`, with what it should decode to.
    struct Chunked: Sendable {
        var payload: [UInt8]
        var trailer: String
        var checksum: String
    }

    var name: String
    var service: String
    var region: String
    var s3: Bool
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String?
    var method: String
    var path: String
    /// The query before signing; for presigned requests, `signedQuery` is what botocore produced.
    var query: String
    /// The headers handed to botocore, with the Host the HTTP client would send.
    var unsignedHeaders: [(String, String)]
    var body: [UInt8]
    /// The headers as botocore left them, as they go on the wire.
    var signedHeaders: [(String, String)]
    var signedQuery: String
    var authorization: String?
    var expires: Int?
    /// botocore rewrites a `Date` header when it signs, which Slipway's signer does not copy; only verify these.
    var verifyOnly: Bool
    var chunked: Chunked?

    var description: String { name }

    var credentials: SigV4Credentials {
        SigV4Credentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }
}
