import Foundation
import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// The git room as the server composes it: CodeCommit's API and git's smart HTTP over bare repositories under `root`.
public struct GitModule: Sendable {
    public let service: CodeCommitService
    public let smartHTTP: GitSmartHTTP
    /// The GitHub-compatible REST API under `/api/v3`.
    public let forgeAPI: GitHubAPI
    /// Slipway's own operations for personal access tokens, served by the extensions service.
    public let tokenOperations: [ServiceOperation]
    /// The hosted repositories as other rooms (the workflow runner) use them.
    public let forge: ForgeRepositories
    public static let migrations: [Migration] = GitMigrations.all
    let store: RepositoryStore

    public init(
        database: any MetadataDatabase, root: URL, identities: any IdentityPort, authorizer: any AuthorizationPort, region: Region,
        ids: any IDGenerator, clock: any WallClock, logger: Logger
    ) {
        store = RepositoryStore(database: database)
        let repositories = BareRepositories(root: root.appendingPathComponent("repositories", isDirectory: true))
        service = CodeCommitService(store: store, repositories: repositories, ids: ids, clock: clock)
        let tokens = AccessTokens(store: store, clock: clock)
        let owners = Owners(store: store, clock: clock)
        tokenOperations = TokenOperations(tokens: tokens, store: store).operations
        let routes = ForgeRouteTable()
        forgeAPI = GitHubAPI(
            service: service, store: store, tokens: tokens, owners: owners, authorizer: authorizer, region: region, clock: clock, logger: logger, routes: routes
        )
        smartHTTP = GitSmartHTTP(
            store: store, repositories: repositories, tokens: tokens, owners: owners, identities: identities, authorizer: authorizer, region: region, clock: clock,
            scratch: root.appendingPathComponent("scratch", isDirectory: true), logger: logger
        )
        forge = ForgeRepositories(store: store, repositories: repositories, smartHTTP: smartHTTP, routes: routes, owners: owners, tokens: tokens)
    }

    /// Tells the room the server's address once it listens, for clone URLs of calls with no Host (a stack's).
    public func serverStarted(host: String, port: Int) {
        service.endpoint.set(ServerAddress.reachable(host: host, port: port))
    }

    /// Commits a zip's files as the first commit of repository `repositoryName` (in `context`'s account), recorded as
    /// a push by `context`'s principal.
    func seed(repositoryName: String, zip: [UInt8], branch: String, context: ServiceContext) async throws {
        guard let record = try await store.repository(named: repositoryName, account: context.account.rawValue, region: context.region.name) else {
            throw GitError.notFound(repositoryName)
        }
        guard !branch.isEmpty, branch.count <= 256, !branch.hasPrefix("-"), !branch.contains(".."), !branch.contains(" ") else {
            throw GitError.invalidBranch(branch)
        }
        let report = smartHTTP.scratch.appendingPathComponent("push-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: report) }
        try await service.repositories.seed(record, zip: zip, branch: branch, scratch: smartHTTP.scratch, pushReport: report)
        try await smartHTTP.recordPush(report: report, record: record, pusher: context.principal)
    }

    /// Sets a repository's description (CodeCommit's `UpdateRepositoryDescription`, as a stack update needs it).
    func describe(arn: String, description: String?) async throws {
        guard var record = try await store.repository(arn: arn) else { return }
        record.description = description
        try await store.update(record)
    }

    /// The refs pushes to a repository changed, oldest first.
    public func pushes(repositoryArn: String) async throws -> [PushedRef] {
        try await store.pushes(repositoryArn: repositoryArn)
    }

    /// The same, read by an admin command from the server's database.
    public static func pushes(in database: any MetadataDatabase, repositoryArn: String) async throws -> [PushedRef] {
        try await RepositoryStore(database: database).pushes(repositoryArn: repositoryArn)
    }
}
