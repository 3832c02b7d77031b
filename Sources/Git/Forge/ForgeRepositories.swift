import Foundation
import ServiceKit

/// What other rooms may know and do with the repositories Slipway hosts: find one, read its files at a commit, tell
/// what a push changed, check a commit out into a directory, hear pushes, and add routes to the forge's API.
public struct ForgeRepositories: Sendable {
    let store: RepositoryStore
    let repositories: BareRepositories
    let smartHTTP: GitSmartHTTP
    let routes: ForgeRouteTable
    let owners: Owners
    let tokens: AccessTokens

    /// The largest workflow or action file read.
    public static let maxFileBytes = 1 << 20

    public func repository(arn: String) async throws -> HostedRepository? {
        try await store.repository(arn: arn).map(HostedRepository.init)
    }

    /// The repository `owner/name` names, when it exists.
    public func repository(owner: String, name: String) async throws -> HostedRepository? {
        guard let found = try await store.owner(login: owner),
              let record = try await store.repository(named: name, account: found.account, region: smartHTTP.region.name),
              record.ownerLogin.lowercased() == found.login.lowercased()
        else { return nil }
        return HostedRepository(record)
    }

    private func record(_ repository: HostedRepository) async throws -> RepositoryRecord {
        guard let record = try await store.repository(arn: repository.arn), record.id == repository.id else { throw GitError.notFound(repository.name) }
        return record
    }

    public func defaultBranch(_ repository: HostedRepository) async throws -> String? {
        try await repositories.defaultBranch(record(repository))
    }

    /// The commit a branch, tag or id names, or nil.
    public func commit(_ repository: HostedRepository, _ specifier: String) async throws -> String? {
        try await repositories.commit(record(repository), specifier)
    }

    /// A file's bytes at a commit; nil when there is no such file.
    public func file(_ repository: HostedRepository, commit: String, path: String) async throws -> [UInt8]? {
        try await repositories.file(record(repository), commit: commit, path: path, limit: Self.maxFileBytes)?.bytes
    }

    /// The paths of the files directly in `directory` at a commit (empty when there is no such directory).
    public func files(_ repository: HostedRepository, commit: String, directory: String) async throws -> [String] {
        guard let found = try await repositories.entries(record(repository), commit: commit, path: directory), found.isDirectory else { return [] }
        return found.entries.filter { $0.type == "file" }.map(\.path)
    }

    /// The paths a push from `old` to `new` changed. A new ref is compared with where it left the default branch, or
    /// with nothing when it shares no history with it (every file of `new` changed).
    public func changedPaths(_ repository: HostedRepository, from old: String, to new: String) async throws -> [String] {
        let record = try await record(repository)
        let directory = repositories.directory(of: record)
        var base: String? = old.allSatisfy({ $0 == "0" }) ? nil : old
        if base == nil, let main = try await repositories.defaultBranch(record), let head = try await repositories.commit(record, main), head != new {
            let found = try await GitCommand.run(["merge-base", head, new], in: directory)
            let id = found.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if found.status == 0, id.count == 40 { base = id }
        }
        let arguments = base.map { ["diff", "--name-only", "-z", "--no-renames", $0, new] } ?? ["ls-tree", "-r", "-z", "--name-only", new]
        let result = try await GitCommand.run(arguments, in: directory)
        guard result.status == 0 else { throw BareRepositories.Failure(description: "git \(arguments[0]) failed: \(result.errors)") }
        return result.text.split(separator: "\0").map(String.init)
    }

    /// The bare repository's directory, for a sandbox to fetch from read-only (`actions/checkout`); user code never
    /// runs against it outside a sandbox.
    public func bareDirectory(_ repository: HostedRepository) async throws -> URL {
        repositories.directory(of: try await record(repository))
    }

    /// Calls `observer` with the refs of every push and who pushed, once recorded.
    public func onPush(_ observer: @escaping @Sendable ([PushedRef], ForgeActor) async -> Void) {
        smartHTTP.onPush(observer)
    }

    /// Adds routes under `/api/v3/repos/{owner}/{repo}/`.
    public func addRoutes(_ added: any ForgeRepositoryRoutes) {
        routes.add(added)
    }

    /// The repository CodeCommit names `name` in an account (the account's own namespace or an organization's).
    public func repository(name: String, account: String) async throws -> HostedRepository? {
        try await store.repository(named: name, account: account, region: smartHTTP.region.name).map(HostedRepository.init)
    }

    /// The forge login of an IAM identity (made on first use, as the forge's API does); only the root user and IAM
    /// users have one.
    public func login(for principal: Principal) async throws -> String {
        try await owners.login(for: principal).login
    }

    /// A `GITHUB_TOKEN` for a workflow job: acting as `actor` (with its permissions at each use), limited to
    /// `repository` and the `repo` scope, expiring at `expires`; nil when the actor cannot own tokens (a role
    /// session). Returns the token's id (to revoke it) and the token.
    public func issueJobToken(actor: ForgeActor, repository: HostedRepository, expires: Date) async throws -> (id: String, token: String)? {
        guard let principal = actor.principal else { return nil }
        let (record, token) = try await tokens.create(
            name: "GITHUB_TOKEN", scopes: ["repo"], expiresInDays: nil, principal: principal, repositoryArn: repository.arn, expires: expires
        )
        return (record.id, token)
    }

    /// Revokes a job's token when the job ends.
    public func revokeJobToken(id: String, actor: ForgeActor) async {
        _ = try? await store.deleteToken(id: id, ownerArn: actor.arn)
    }

    /// The forge user or organization `login` names.
    public func owner(login: String) async throws -> ForgeOwner? {
        try await store.owner(login: login).map(ForgeOwner.init)
    }

    /// The forge user or organization with GitHub's numeric id `id`.
    public func owner(numericID id: Int) async throws -> ForgeOwner? {
        try await store.owners().first { $0.numericID == id }.map(ForgeOwner.init)
    }

    /// The forge user the root user or IAM user `arn` names, as it is now (its login made on first use, as the forge's
    /// API makes it); nil when no such identity exists or it cannot have a login (a role).
    public func owner(arn: String) async throws -> ForgeOwner? {
        guard let principal = try await smartHTTP.identities.principal(arn: arn) else { return nil }
        return ForgeOwner(try await owners.login(for: principal))
    }

    /// The forge login of the IAM identity `principalArn`, when it has used the forge.
    public func login(principalArn: String) async throws -> String? {
        try await store.owner(principalArn: principalArn)?.login
    }
}

/// A forge user or organization as other rooms see it.
public struct ForgeOwner: Sendable, Equatable {
    public let login: String
    /// GitHub's numeric id.
    public let id: Int
    /// `User` or `Organization`.
    public let kind: String
    public let account: String

    init(_ record: OwnerRecord) {
        login = record.login
        id = record.numericID
        kind = record.kind
        account = record.account
    }
}
