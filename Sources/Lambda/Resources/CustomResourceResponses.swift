import Foundation
import Synchronization

/// Where custom resource functions answer: a presigned, single-use URL per request on this server
/// (`/_slipway/custom-resource-responses/<request>?X-Amz-Expires=…&X-Amz-Signature=…`, HMAC-SHA256 under a key of this
/// server run), and the providers waiting for those answers.
public final class CustomResourceResponses: Sendable {
    public static let prefix = "/_slipway/custom-resource-responses/"
    /// The largest answer CloudFormation reads (4 KB).
    static let maxResponse = 4096

    private let signer = URLSigner()
    private let state = Mutex<(waiting: [String: CheckedContinuation<[UInt8]?, Never>], arrived: [String: [UInt8]], expected: Set<String>)>(([:], [:], []))
    let endpoint: @Sendable () -> String?

    init(endpoint: @escaping @Sendable () -> String?) {
        self.endpoint = endpoint
    }

    public static func handles(_ path: String) -> Bool { path.hasPrefix(prefix) }

    /// A URL for one request's answer, valid for `lifetime` seconds.
    func url(for requestID: String, lifetime: Int) -> String? {
        guard let endpoint = endpoint() else { return nil }
        state.withLock { _ = $0.expected.insert(requestID) }
        let path = Self.prefix + requestID
        return "http://\(endpoint)\(path)?\(signer.query(for: path, lifetime: lifetime))"
    }

    /// A function's `PUT` to a response URL: accepted once, when signed, unexpired and small enough.
    public func receive(method: String, path: String, query: [String: String], body: [UInt8]) -> (status: Int, message: String) {
        let requestID = String(path.dropFirst(Self.prefix.count))
        guard method == "PUT" else { return (405, "MethodNotAllowed") }
        if let refusal = signer.refusal(path: path, query: query) { return (403, refusal) }
        guard body.count <= Self.maxResponse else { return (400, "EntityTooLarge") }
        let waiter = state.withLock { state -> CheckedContinuation<[UInt8]?, Never>?? in
            guard state.expected.remove(requestID) != nil else { return .none }
            if let waiter = state.waiting.removeValue(forKey: requestID) { return .some(waiter) }
            state.arrived[requestID] = body
            return .some(nil)
        }
        switch waiter {
        case .none: return (403, "AccessDenied: the response was already given")
        case .some(let continuation): continuation?.resume(returning: body)
        }
        return (200, "OK")
    }

    /// The answer to `requestID`, or nil when none came within `timeout`.
    func wait(for requestID: String, timeout: Duration) async -> [UInt8]? {
        await withCheckedContinuation { (continuation: CheckedContinuation<[UInt8]?, Never>) in
            let ready = state.withLock { state -> [UInt8]?? in
                if let body = state.arrived.removeValue(forKey: requestID) { return .some(body) }
                state.waiting[requestID] = continuation
                return .none
            }
            if case .some(let body) = ready {
                continuation.resume(returning: body)
                return
            }
            Task { [weak self] in
                try? await Task.sleep(for: timeout)
                self?.expire(requestID)
            }
        }
    }

    private func expire(_ requestID: String) {
        let waiter = state.withLock { state -> CheckedContinuation<[UInt8]?, Never>? in
            state.expected.remove(requestID)
            return state.waiting.removeValue(forKey: requestID)
        }
        waiter?.resume(returning: nil)
    }

    /// Forgets a request whose function failed before answering.
    func abandon(_ requestID: String) {
        expire(requestID)
        _ = state.withLock { $0.arrived.removeValue(forKey: requestID) }
    }
}
