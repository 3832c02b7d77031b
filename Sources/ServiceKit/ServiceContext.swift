import Foundation
import Logging
import SlipwayCore

/// Everything a handler knows about the request it serves, besides its input.
public struct ServiceContext: Sendable {
    /// The account the request acts in: the caller's own account (anonymous callers act in the server's default account).
    public var account: AccountID
    public var region: Region
    public var principal: Principal
    public var requestID: String
    public var logger: Logger
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

    public init(
        account: AccountID, region: Region, principal: Principal, requestID: String, logger: Logger,
        sourceIP: String? = nil, secureTransport: Bool = false, receivedAt: Date
    ) {
        self.account = account
        self.region = region
        self.principal = principal
        self.requestID = requestID
        self.logger = logger
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
