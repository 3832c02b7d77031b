import Foundation
import Synchronization
import ServiceKit
import SlipwayCore
import Wire

/// CodeCommit's API (JSON 1.1, `CodeCommit_20150413.*`) over the repositories Slipway hosts: create, describe, list
/// and delete them, read their branches and files, and tag them.
public struct CodeCommitService: AWSService {
    public let serviceName = "codecommit"
    public let signingName = "codecommit"
    public let wireProtocol = WireProtocol.json(version: "1.1", targetPrefix: "CodeCommit_20150413")
    let store: RepositoryStore
    let repositories: BareRepositories
    let ids: any IDGenerator
    let clock: any WallClock
    /// Where clients reach the server (`host:port`), for clone URLs of calls that came with no Host (a stack's).
    let endpoint = Endpoint()

    /// The server's reachable address, set once it listens.
    final class Endpoint: Sendable {
        private let value = Mutex("127.0.0.1:7433")
        func set(_ address: String) { value.withLock { $0 = address } }
        var address: String { value.withLock { $0 } }
    }

    public var operations: [ServiceOperation] { repositoryOperations + contentOperations + tagOperations }

    /// CodeCommit's GetFile limit: 6 MB.
    static let maxFileBytes = 6 * 1024 * 1024

    static func arn(_ name: String, _ context: ServiceContext) -> String {
        "arn:aws:codecommit:\(context.region.name):\(context.account):\(name)"
    }

    /// A repository name as CodeCommit allows them: 1-100 letters, digits, `.`, `_` and `-`, not ending in `.git`.
    static func validName(_ name: String?) throws -> String {
        guard let name, !name.isEmpty else { throw GitError.nameRequired }
        let allowed = name.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
        }
        guard allowed, name.count <= 100, !name.lowercased().hasSuffix(".git") else { throw GitError.invalidName(name) }
        return name
    }

    /// The repository a request names, which must exist.
    func require(_ name: String?, _ context: ServiceContext) async throws -> RepositoryRecord {
        let name = try Self.validName(name)
        guard let record = try await store.repository(named: name, account: context.account.rawValue, region: context.region.name) else {
            throw GitError.notFound(name)
        }
        return record
    }

    /// `codecommit:<action>` on the repository a request names, with its tags as condition keys when it exists.
    func access(_ action: String, _ name: String?, _ context: ServiceContext) async throws -> AccessRequest {
        let name = try Self.validName(name)
        let record = try await store.repository(named: name, account: context.account.rawValue, region: context.region.name)
        return AccessRequest(action: "codecommit:\(action)", resource: Self.arn(name, context), resourceAccount: context.account.rawValue)
            .onResourceTagged(record?.tags ?? [:])
    }

    /// Authorizes `codecommit:<action>` on the repository `name` for the caller (an action with no operation of its own).
    func authorize(_ action: String, name: String, context: ServiceContext, authorizer: any AuthorizationPort) async throws {
        try await authorizer.authorize(try await access(action, name, context), context: context, deniedCode: "AccessDeniedException")
    }

    /// How a client reaches the repository over HTTP: through the host it called the API on, else the server's address.
    func cloneURL(_ name: String, _ context: ServiceContext) -> String {
        "http://\(context.headers["host"] ?? endpoint.address)/v1/repos/\(name)"
    }

    func metadata(_ record: RepositoryRecord, _ context: ServiceContext) async throws -> RepositoryMetadata {
        RepositoryMetadata(
            accountId: record.account, repositoryId: record.id, repositoryName: record.name, repositoryDescription: record.description,
            defaultBranch: try await repositories.defaultBranch(record), lastModifiedDate: record.lastModified, creationDate: record.created,
            cloneUrlHttp: cloneURL(record.name, context), cloneUrlSsh: nil, Arn: record.arn, kmsKeyId: record.kmsKeyId
        )
    }

    static func check(tags: [String: String]?) throws {
        guard let tags else { return }
        if tags.count > 50 { throw GitError.tooManyTags() }
        for (key, value) in tags {
            guard (1...128).contains(key.count), value.count <= 256 else { throw GitError.invalidTags("The map of tags is not valid: the tag key '\(key)' or its value is not valid.") }
            if key.lowercased().hasPrefix("aws:") {
                throw GitError(code: "InvalidSystemTagUsageException", message: "The tag key '\(key)' uses the reserved prefix aws:.")
            }
        }
    }
}
