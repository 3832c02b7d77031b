import Hummingbird
import Logging
import NIOCore

/// The per-request context Hummingbird hands the edge: the logger and the peer's address.
public struct EdgeRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller's IP address, for `aws:SourceIp` and the audit trail.
    public let remoteIP: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteIP = source.channel.remoteAddress?.ipAddress
    }
}
