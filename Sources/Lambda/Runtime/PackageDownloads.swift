import Foundation

/// `GetFunction`'s `Code.Location`: a presigned URL on this server, valid ten minutes, that downloads the version's
/// deployment package (`/_slipway/lambda-packages/<hash>`).
public struct PackageDownloads: Sendable {
    public static let prefix = "/_slipway/lambda-packages/"
    let signer = URLSigner()
    let store: FunctionStore
    let endpoint: @Sendable () -> String?

    public static func handles(_ path: String) -> Bool { path.hasPrefix(prefix) }

    /// The download URL of the package with hash `sha` (base64 SHA-256, as `CodeSha256`).
    func url(sha: String) -> String? {
        guard let endpoint = endpoint() else { return nil }
        let path = Self.prefix + CodeCache.directoryName(sha)
        return "http://\(endpoint)\(path)?\(signer.query(for: path, lifetime: 600))"
    }

    /// Serves a download: the package when the URL is signed and unexpired.
    public func serve(method: String, path: String, query: [String: String]) async -> (status: Int, contentType: String, body: [UInt8]) {
        guard method == "GET" || method == "HEAD" else { return (405, "text/plain", Array("MethodNotAllowed".utf8)) }
        if let refusal = signer.refusal(path: path, query: query) { return (403, "text/plain", Array(refusal.utf8)) }
        var sha = String(path.dropFirst(Self.prefix.count).map { $0 == "_" ? "/" : $0 == "-" ? "+" : $0 })
        while sha.count % 4 != 0 { sha += "=" }
        guard let zip = try? await store.code(sha: sha) else { return (404, "text/plain", Array("NoSuchKey".utf8)) }
        return (200, "application/zip", method == "HEAD" ? [] : zip)
    }
}
