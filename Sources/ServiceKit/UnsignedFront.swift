import Wire

/// A part of Slipway reached over HTTP without AWS signatures — git's smart HTTP, the forge's REST API — which
/// claims unsigned requests by path and authenticates them itself (Basic credentials, tokens).
public protocol UnsignedFront: Sendable {
    /// Whether an unsigned request for `path` (percent-decoded) is this front's.
    func claims(method: String, path: String) -> Bool
    /// The answer to a claimed request. Its body streams in (`bodyStream`) and may stream out; failures are answers too.
    func handle(_ request: WireRequest, sourceIP: String?) async -> WireResponse
}
