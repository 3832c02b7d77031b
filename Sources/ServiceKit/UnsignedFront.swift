import Synchronization
import Wire

/// A part of Slipway reached over HTTP without AWS signatures — git's smart HTTP, the forge's REST API — which
/// claims unsigned requests by path and authenticates them itself (Basic credentials, tokens).
public protocol UnsignedFront: Sendable {
    /// The service name its requests' audit records carry (`git`, `forge`).
    var auditName: String { get }
    /// Whether an unsigned request for `path` (percent-decoded) is this front's.
    func claims(method: String, path: String) -> Bool
    /// The answer to a claimed request. Its body streams in (`bodyStream`) and may stream out; failures are answers too.
    /// What the front learns (the caller, the operation, a denial) goes into `audit`.
    func handle(_ request: WireRequest, sourceIP: String?, audit: FrontAudit) async -> WireResponse
}

/// What a front learned about one request, for its audit record: who called, what they did to which resource, and
/// whether the authorizer refused it.
public final class FrontAudit: Sendable {
    /// The facts so far.
    public struct Facts: Sendable {
        public var principal: Principal?
        public var operation = "-"
        public var resource: String?
        public var denied = false
    }

    private let facts = Mutex(Facts())

    public init() {}

    public func caller(_ principal: Principal) { facts.withLock { $0.principal = principal } }

    public func operation(_ name: String, resource: String?) {
        facts.withLock {
            $0.operation = name
            $0.resource = resource
        }
    }

    public func denied() { facts.withLock { $0.denied = true } }

    public var snapshot: Facts { facts.withLock { $0 } }
}
