import Foundation
import Logging
import MetadataStore
import ServiceKit
import SlipwayCore

/// The git room as the server composes it: CodeCommit's API and git's smart HTTP over bare repositories under `root`.
public struct GitModule: Sendable {
    public let service: CodeCommitService
    public let smartHTTP: GitSmartHTTP
    /// Slipway's own operations for personal access tokens, served by the extensions service.
    public let tokenOperations: [ServiceOperation]
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
        tokenOperations = TokenOperations(tokens: tokens, store: store).operations
        smartHTTP = GitSmartHTTP(
            store: store, repositories: repositories, tokens: tokens, identities: identities, authorizer: authorizer, region: region, clock: clock,
            scratch: root.appendingPathComponent("scratch", isDirectory: true), logger: logger
        )
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
