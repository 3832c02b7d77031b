import Crypto
import Foundation

/// Signs and checks Slipway's own presigned URLs (custom resource answers, package downloads): HMAC-SHA256 over the
/// path and the expiry, under a key made for this server run, carried as `X-Amz-Expires` and `X-Amz-Signature`.
struct URLSigner: Sendable {
    private let key = SymmetricKey(size: .bits256)

    private func signature(_ path: String, expires: Int) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data("\(path)\n\(expires)".utf8), using: key)).map { String(format: "%02x", $0) }.joined()
    }

    /// The query string that makes `path` valid for `lifetime` seconds.
    func query(for path: String, lifetime: Int) -> String {
        let expires = Int(Date().timeIntervalSince1970) + lifetime
        return "X-Amz-Expires=\(expires)&X-Amz-Signature=\(signature(path, expires: expires))"
    }

    /// Why a presented URL is refused, or nil when it is good.
    func refusal(path: String, query: [String: String]) -> String? {
        guard let expires = query["X-Amz-Expires"].flatMap({ Int($0) }), let given = query["X-Amz-Signature"],
              given == signature(path, expires: expires)
        else { return "SignatureDoesNotMatch" }
        guard expires >= Int(Date().timeIntervalSince1970) else { return "Request has expired" }
        return nil
    }
}
