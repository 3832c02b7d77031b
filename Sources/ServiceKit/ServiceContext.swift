import Foundation
import Logging
import SlipwayCore

/// How a request was signed, as the condition keys that describe it need it.
public struct SignatureFacts: Sendable {
    /// `REST-HEADER` (Authorization header) or `REST-QUERY-STRING` (presigned URL), as S3 names them.
    public var authType: String
    /// `AWS4-HMAC-SHA256`.
    public var version: String
    /// The signature's date (`X-Amz-Date`).
    public var signedAt: Date

    public init(authType: String, version: String, signedAt: Date) {
        self.authType = authType
        self.version = version
        self.signedAt = signedAt
    }
}

/// Everything a handler knows about the request it serves, besides its input.
public struct ServiceContext: Sendable {
    /// The account the request acts in: the caller's own account (anonymous callers act in the server's default account).
    public var account: AccountID
    public var region: Region
    public var principal: Principal
    public var requestID: String
    /// The logger, with the request id as metadata; it is attached on use, since most requests never log.
    public var logger: Logger {
        get {
            var tagged = untaggedLogger
            tagged[metadataKey: "request-id"] = .string(requestID)
            return tagged
        }
        set { untaggedLogger = newValue }
    }
    private var untaggedLogger: Logger
    /// The caller's address, for `aws:SourceIp`.
    public var sourceIP: String?
    /// Whether the request came over TLS, for `aws:SecureTransport`.
    public var secureTransport: Bool
    /// The time the request was received.
    public var receivedAt: Date
    /// A reserved tag prefix this caller may write (`aws:cloudformation:` for a stack's resource providers, which
    /// label what they make); nil for every request over the wire.
    public var systemTagPrefix: String? = nil
    /// The `User-Agent` the caller sent, for `aws:UserAgent`.
    public var userAgent: String? = nil
    /// The services that made this request on the caller's behalf with the caller's own credentials, first to last
    /// (`aws:CalledVia`, and `aws:ViaAWSService`); empty for a request the caller made directly.
    public var calledVia: [String] = []
    /// How the request was signed (`s3:authType`, `s3:signatureversion`, `s3:signatureAge`); nil for anonymous and
    /// in-process requests.
    public var signature: SignatureFacts? = nil
    /// The request's headers by lowercased name (repeats joined with a comma), for the keys services read from them
    /// (`s3:x-amz-acl`, `s3:x-amz-copy-source`, …); empty for in-process requests.
    public var headers: [String: String] = [:]

    public init(
        account: AccountID, region: Region, principal: Principal, requestID: String, logger: Logger,
        sourceIP: String? = nil, secureTransport: Bool = false, receivedAt: Date
    ) {
        self.account = account
        self.region = region
        self.principal = principal
        self.requestID = requestID
        self.untaggedLogger = logger
        self.sourceIP = sourceIP
        self.secureTransport = secureTransport
        self.receivedAt = receivedAt
    }

    /// The same request, made onward by `service` (`cloudformation.amazonaws.com`) with the caller's credentials.
    public func via(_ service: String) -> ServiceContext {
        var onward = self
        onward.calledVia.append(service)
        return onward
    }
}
