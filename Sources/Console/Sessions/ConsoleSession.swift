import Foundation

/// One signed-in browser: the credentials it acts with, the principal it showed at sign-in, its CSRF token and its
/// times.
struct ConsoleSession: Sendable, Equatable {
    /// What the session acts with, re-checked at every request.
    enum Credentials: Sendable, Equatable {
        /// An access key (an IAM user's, the root user's or a temporary one) presented at sign-in.
        case accessKey(String)
        /// A user profile's execution role, opened by a presigned domain URL.
        case role(arn: String, sessionName: String)

        var kind: String {
            switch self {
            case .accessKey: "key"
            case .role: "role"
            }
        }

        var accessKeyID: String? {
            if case .accessKey(let key) = self { return key }
            return nil
        }

        var roleARN: String? {
            if case .role(let arn, _) = self { return arn }
            return nil
        }

        var sessionName: String? {
            if case .role(_, let name) = self { return name }
            return nil
        }
    }

    var credentials: Credentials
    var account: String
    var principalARN: String
    var csrf: String
    var created: Date
    var lastSeen: Date
    /// When the session ends whatever its use (the absolute timeout).
    var expires: Date

    /// Why the session can no longer be used at `now`, or nil while it can.
    func ended(at now: Date, idleTimeout: TimeInterval) -> SignInNotice? {
        if now >= expires { return .expired }
        if now.timeIntervalSince(lastSeen) >= idleTimeout { return .idle }
        return nil
    }
}
