import Foundation
import ServiceKit
import SlipwayCore
import Synchronization
import Wire

/// A request under `/api/v3/repos/{owner}/{repo}/…` another room answers (the workflow runner's actions,
/// environments and dispatches): the repository found, the caller authenticated, the context it acts in.
public struct ForgeRepositoryRequest {
    public let method: String
    /// The path's segments after `{owner}/{repo}`.
    public let rest: [String]
    /// The JSON body's members (empty when there is none).
    public let input: [String: Any]
    public let request: WireRequest
    public let repository: HostedRepository
    /// The token's owner, acting in the repository's account.
    public let context: ServiceContext
    /// The caller's forge login.
    public let callerLogin: String
    /// `http://<host>` as the client called it, for the URLs in answers.
    public let base: String
    /// Whether the caller presented a workflow job's token (`GITHUB_TOKEN`), which may not change settings, review
    /// deployments or read secrets, as GitHub's may not.
    public let viaJobToken: Bool

    /// The API root URLs are built from.
    public var api: String { base + "/api/v3" }
}

/// Routes another room adds to the forge's repository API.
public protocol ForgeRepositoryRoutes: Sendable {
    /// The answer to a request these routes serve, nil when the path is not theirs; throws `ForgeError`.
    func answer(_ request: ForgeRepositoryRequest) async throws -> ForgeAnswer?
}

/// An answer of the forge's API: JSON (GitHub's media type), raw bytes (a log, a zip), or a redirect.
public struct ForgeAnswer {
    public var status: Int
    /// A JSON value (dictionaries, arrays, strings, numbers, `NSNull`), or nil for no body.
    public var json: Any?
    /// A raw body, instead of JSON.
    public var bytes: [UInt8]?
    public var headers: [(String, String)] = []

    public static func json(_ status: Int, _ body: Any?) -> ForgeAnswer { ForgeAnswer(status: status, json: body) }

    public static func text(_ text: String) -> ForgeAnswer { ForgeAnswer(status: 200, bytes: Array(text.utf8), headers: [("Content-Type", "text/plain; charset=utf-8")]) }

    public static func data(_ bytes: [UInt8], contentType: String) -> ForgeAnswer { ForgeAnswer(status: 200, bytes: bytes, headers: [("Content-Type", contentType)]) }

    public static func redirect(_ location: String) -> ForgeAnswer { ForgeAnswer(status: 302, headers: [("Location", location)]) }
}

/// The routes rooms added, consulted in order for paths the forge itself does not serve.
final class ForgeRouteTable: Sendable {
    private let routes = Mutex<[any ForgeRepositoryRoutes]>([])

    func add(_ added: any ForgeRepositoryRoutes) { routes.withLock { $0.append(added) } }

    var all: [any ForgeRepositoryRoutes] { routes.withLock { $0 } }
}
