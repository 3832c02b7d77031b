import Foundation

/// What a request claims about its signature, read before any key is looked up.
public struct SigV4Claim: Sendable {
    public var accessKeyID: String
    /// The request time as signed, `20150830T123600Z`.
    public var amzDate: String
    public var date: Date
    /// The day of the credential scope, `20150830`.
    public var dateStamp: String
    public var region: String
    /// The signing name from the credential scope: "iam", "sts", "s3", ...
    public var service: String
    /// `20150830/us-east-1/iam/aws4_request`.
    public var credentialScope: String
    /// Lower-case, in the order the client listed them.
    public var signedHeaders: [String]
    public var signature: String
    /// `X-Amz-Security-Token`, from the header or the presigned query.
    public var sessionToken: String?
    public var isPresigned: Bool
    /// `X-Amz-Expires`, presigned requests only.
    public var expiresSeconds: Int?
    public var payload: PayloadMode

    public init(
        accessKeyID: String, amzDate: String, date: Date, dateStamp: String, region: String, service: String,
        credentialScope: String, signedHeaders: [String], signature: String, sessionToken: String?,
        isPresigned: Bool, expiresSeconds: Int?, payload: PayloadMode
    ) {
        self.accessKeyID = accessKeyID
        self.amzDate = amzDate
        self.date = date
        self.dateStamp = dateStamp
        self.region = region
        self.service = service
        self.credentialScope = credentialScope
        self.signedHeaders = signedHeaders
        self.signature = signature
        self.sessionToken = sessionToken
        self.isPresigned = isPresigned
        self.expiresSeconds = expiresSeconds
        self.payload = payload
    }
}
