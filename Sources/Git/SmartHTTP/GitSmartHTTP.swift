import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Synchronization
import Wire

/// Git's smart HTTP for the repositories Slipway hosts, at CodeCommit's paths (`/v1/repos/<name>`): the caller
/// authenticated from a CodeCommit git password derived from IAM keys or a personal access token, authorized as
/// `codecommit:GitPull` or `codecommit:GitPush` on the repository, then served by Git's own `git http-backend`; every
/// ref a push changes is recorded as the push ends.
public final class GitSmartHTTP: UnsignedFront {
    let store: RepositoryStore
    let repositories: BareRepositories
    let tokens: AccessTokens
    let owners: Owners
    let identities: any IdentityPort
    let authorizer: any AuthorizationPort
    let region: Region
    let clock: any WallClock
    let signatureClock: any WallClock = SystemWallClock()
    let scratch: URL
    let logger: Logger
    private let observers = Mutex<[@Sendable ([PushedRef], ForgeActor) async -> Void]>([])

    static let prefix = "/v1/repos/"

    init(
        store: RepositoryStore, repositories: BareRepositories, tokens: AccessTokens, owners: Owners, identities: any IdentityPort,
        authorizer: any AuthorizationPort, region: Region, clock: any WallClock, scratch: URL, logger: Logger
    ) {
        self.store = store
        self.repositories = repositories
        self.tokens = tokens
        self.owners = owners
        self.identities = identities
        self.authorizer = authorizer
        self.region = region
        self.clock = clock
        self.scratch = scratch
        self.logger = logger
    }

    /// Calls `observer` with the refs of every push and who pushed, once recorded (the workflow runner starts runs from
    /// them).
    public func onPush(_ observer: @escaping @Sendable ([PushedRef], ForgeActor) async -> Void) {
        observers.withLock { $0.append(observer) }
    }

    public var auditName: String { "git" }

    public func claims(method: String, path: String) -> Bool {
        path.hasPrefix(Self.prefix) || Self.githubLayout(path) != nil
    }

    /// A request's repository name and git's part of the path (`/info/refs`, `/git-upload-pack`, `/git-receive-pack`).
    static func split(_ path: String) -> (name: String, rest: String)? {
        let tail = path.dropFirst(prefix.count)
        guard let slash = tail.firstIndex(of: "/") else { return nil }
        var name = String(tail[..<slash])
        if name.hasSuffix(".git") { name = String(name.dropLast(4)) }
        return (name, String(tail[slash...]))
    }

    /// GitHub's layout, `/<owner>/<repo>.git/<git's path>`: the owner's login, the repository's name and the rest.
    static func githubLayout(_ path: String) -> (owner: String, name: String, rest: String)? {
        let parts = path.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty, Owners.isLogin(String(parts[1])), parts[2].contains(".git/") else { return nil }
        let tail = parts[2]
        guard let range = tail.range(of: ".git/") else { return nil }
        let name = String(tail[..<range.lowerBound])
        guard !name.isEmpty, !name.contains("/") else { return nil }
        return (String(parts[1]), name, "/" + tail[range.upperBound...])
    }

    /// Whether a request is part of a push (`git-receive-pack`) rather than a fetch.
    static func isPush(rest: String, request: WireRequest) -> Bool? {
        switch rest {
        case "/info/refs":
            switch request.query("service") {
            case "git-upload-pack": return false
            case "git-receive-pack": return true
            default: return nil  // the dumb protocol is not served
            }
        case "/git-upload-pack": return request.method == "POST" ? false : nil
        case "/git-receive-pack": return request.method == "POST" ? true : nil
        default: return nil
        }
    }

    public func handle(_ request: WireRequest, sourceIP: String?, audit: FrontAudit) async -> WireResponse {
        let named: (owner: String?, name: String, rest: String)?
        if request.path.hasPrefix(Self.prefix) {
            named = Self.split(request.path).map { (nil, $0.name, $0.rest) }
        } else {
            named = Self.githubLayout(request.path).map { ($0.owner, $0.name, $0.rest) }
        }
        guard let named, let push = Self.isPush(rest: named.rest, request: request) else {
            return Self.text(404, "Not found: Slipway serves git's smart HTTP protocol here (clone http://<host>/v1/repos/<name>).\n")
        }
        let name = named.name
        let principal: Principal
        let onlyRepository: String?
        do {
            guard let caller = try await caller(of: request, name: name) else { return Self.challenge() }
            principal = caller.principal
            onlyRepository = caller.onlyRepository
            audit.caller(caller.principal)
        } catch {
            return Self.challenge()
        }
        do {
            // CodeCommit's paths name a repository of the caller's account; GitHub's name the owner, whose account it is.
            var account = principal.account
            var owner: OwnerRecord?
            if let login = named.owner {
                guard let found = try await owners.owner(login) else { return Self.text(404, "Repository not found.\n") }
                owner = found
                account = AccountID(found.account)
            }
            guard let account else { return Self.challenge() }
            let context = ServiceContext(
                account: account, region: region, principal: principal, requestID: UUID().uuidString.lowercased(), logger: logger, sourceIP: sourceIP,
                receivedAt: clock.now()
            )
            let arn = "arn:aws:codecommit:\(region.name):\(account):\(name)"
            audit.operation(push ? "GitPush" : "GitPull", resource: arn)
            // A workflow job's token reaches its own repository only.
            if let onlyRepository, onlyRepository != arn {
                audit.denied()
                return Self.text(404, "Repository not found.\n")
            }
            var record = try await store.repository(named: name, account: account.rawValue, region: region.name)
            if let owner, record?.ownerLogin.lowercased() != owner.login.lowercased() { record = nil }
            let access = AccessRequest(action: push ? "codecommit:GitPush" : "codecommit:GitPull", resource: arn, resourceAccount: account.rawValue)
                .onResourceTagged(record?.tags ?? [:])
            try await authorizer.authorize(access, context: context, deniedCode: "AccessDenied")
            guard let record else { return Self.text(404, "Repository \(name) does not exist.\n") }
            return try await serve(request, record: record, rest: named.rest, push: push, principal: principal, viaJobToken: onlyRepository != nil, sourceIP: sourceIP)
        } catch let denied as AccessDeniedError {
            audit.denied()
            return Self.text(403, denied.message + "\n")
        } catch HTTPBackend.Failure.tooLarge {
            return Self.text(413, "The request body is larger than \(HTTPBackend.maxRequestBytes) bytes.\n")
        } catch let failure as HTTPBackend.Failure {
            logger.error("git http-backend failed", metadata: ["repository": .string(name), "error": .string("\(failure)")])
            return Self.text(502, "The git backend gave no answer.\n")
        } catch {
            logger.error("git request failed", metadata: ["repository": .string(name), "error": .string("\(error)")])
            return Self.text(500, "The git request could not be served.\n")
        }
    }

    /// Who a request comes from: a CodeCommit git password, or a personal access token (the Basic password, or
    /// `Authorization: token|Bearer`) carrying the `repo` scope; nil when it carries neither.
    func caller(of request: WireRequest, name: String) async throws -> (principal: Principal, onlyRepository: String?)? {
        let authorization = request.header("Authorization") ?? ""
        if let credentials = BasicCredentials(header: authorization), CodeCommitPassword(credentials.password) != nil {
            return (try await authenticate(credentials, name: name, request: request), nil)
        }
        guard let token = AccessTokens.presented(in: authorization) else { return nil }
        return try await tokenPrincipal(token)
    }

    /// The owner of a token carrying the `repo` scope, and the one repository it is limited to (a job's token).
    func tokenPrincipal(_ token: String) async throws -> (principal: Principal, onlyRepository: String?)? {
        guard let record = try await tokens.find(token), record.allows("repo"), let principal = record.principal else { return nil }
        return (principal, record.repositoryArn)
    }

    /// The principal whose CodeCommit git password this is, for the repository path it was signed for.
    func authenticate(_ credentials: BasicCredentials, name: String, request: WireRequest) async throws -> Principal {
        guard let password = CodeCommitPassword(credentials.password) else { throw AccessDeniedError(message: "unknown credentials") }
        let user = credentials.user.removingPercentEncoding ?? credentials.user
        let (keyID, token): (String, String?) = if let percent = user.firstIndex(of: "%") {
            (String(user[..<percent]), String(user[user.index(after: percent)...]))
        } else {
            (user, nil)
        }
        let identity = try await identities.signingIdentity(accessKeyID: keyID)
        guard identity.sessionToken == token, identity.expiration.map({ $0 > clock.now() }) ?? true else { throw AccessDeniedError(message: "expired") }
        // Freshness by the real wall clock, as the client signed with it (tests may move the service's clock).
        let now = signatureClock.now()
        // git-remote-codecommit signs the host with its port, the aws CLI's credential helper without; a URL the
        // user wrote may end in `.git`.
        let host = request.header("Host") ?? ""
        var hosts = [host]
        if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]") { hosts.append(String(host[..<colon])) }
        let paths = ["\(Self.prefix)\(name)", "\(Self.prefix)\(name).git"]
        let verified = hosts.contains { host in
            paths.contains { password.verifies(path: $0, host: host, region: region.name, secret: identity.secretAccessKey, now: now) }
        }
        guard verified else { throw AccessDeniedError(message: "bad signature") }
        return identity.principal
    }

    func serve(
        _ request: WireRequest, record: RepositoryRecord, rest: String, push: Bool, principal: Principal, viaJobToken: Bool, sourceIP: String?
    ) async throws -> WireResponse {
        let report = push && rest == "/git-receive-pack" ? scratch.appendingPathComponent("push-" + UUID().uuidString) : nil
        let call = HTTPBackend.Call(
            projectRoot: repositories.root, pathInfo: "/" + record.directoryName + rest, remoteUser: principal.arn, remoteAddress: sourceIP,
            pushReport: report, scratch: scratch
        )
        return try await HTTPBackend.run(request, call) { [self] status in
            guard let report else { return }
            defer { try? FileManager.default.removeItem(at: report) }
            try? await recordPush(report: report, record: record, pusher: principal, viaJobToken: viaJobToken)
            if status != 0 { logger.warning("git http-backend exited \(status) after a push", metadata: ["repository": .string(record.name)]) }
        }
    }

    /// Records the refs a push's report lists, brings the repository's default branch up to date and tells the
    /// observers.
    func recordPush(report: URL, record: RepositoryRecord, pusher: Principal, viaJobToken: Bool = false) async throws {
        let lines = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
        let now = clock.now()
        let refs = lines.split(separator: "\n").compactMap { line -> PushedRef? in
            let parts = line.split(separator: " ")
            guard parts.count == 3 else { return nil }
            return PushedRef(repositoryArn: record.arn, ref: String(parts[2]), oldCommit: String(parts[0]), newCommit: String(parts[1]), pusher: pusher.arn, time: now)
        }
        guard !refs.isEmpty else { return }
        do {
            try await store.record(refs)
            if var current = try await store.repository(arn: record.arn) {
                current.lastModified = now
                try await store.update(current)
            }
            _ = try await repositories.defaultBranch(record)
        } catch {
            logger.error("a push could not be recorded", metadata: ["repository": .string(record.name), "error": .string("\(error)")])
            throw error
        }
        for observer in observers.withLock({ $0 }) { await observer(refs, ForgeActor(pusher, viaJobToken: viaJobToken)) }
    }

    static func challenge() -> WireResponse {
        var response = text(401, "Authentication required: use a CodeCommit git password (git-remote-codecommit, aws codecommit credential-helper) or an access token (slipway git token create).\n")
        response.headers.append(("WWW-Authenticate", #"Basic realm="Slipway git""#))
        return response
    }

    static func text(_ status: Int, _ message: String) -> WireResponse {
        var response = WireResponse(status: status)
        response.headers = [("Content-Type", "text/plain; charset=utf-8")]
        response.body = Array(message.utf8)
        return response
    }
}
