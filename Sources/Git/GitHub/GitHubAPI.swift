import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Wire

/// The forge's GitHub-compatible REST API under `/api/v3` (PyGithub's `base_url`): users and organizations,
/// repositories, branches and contents. Callers authenticate with a personal access token; every action goes through
/// CodeCommit's own operations as the token's owner, so IAM decides it exactly as for the AWS API. A repository the
/// caller may not see is `404 Not Found`, as GitHub hides private ones.
public struct GitHubAPI: UnsignedFront {
    let service: CodeCommitService
    let store: RepositoryStore
    let tokens: AccessTokens
    let owners: Owners
    let authorizer: any AuthorizationPort
    let region: Region
    let clock: any WallClock
    let logger: Logger
    /// Routes other rooms add under a repository's path.
    let routes: ForgeRouteTable

    static let prefix = "/api/v3"

    public var auditName: String { "forge" }

    public func claims(method: String, path: String) -> Bool {
        path == Self.prefix || path.hasPrefix(Self.prefix + "/")
    }

    /// The caller: the owner of the token the request carries, with the token.
    struct Caller {
        let principal: Principal
        let token: AccessTokenRecord
        let login: OwnerRecord
    }

    public func handle(_ request: WireRequest, sourceIP: String?, audit: FrontAudit) async -> WireResponse {
        let json = GitHubJSON(base: "http://" + (request.header("Host") ?? "127.0.0.1"))
        audit.operation("\(request.method) \(request.path)", resource: nil)
        do {
            let caller = try await authenticate(request)
            audit.caller(caller.principal)
            let segments = request.path.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: true).map(String.init)
            let body: [UInt8]
            do {
                body = try await request.bodyStream?.collect(upTo: 1024 * 1024) ?? request.body
            } catch {
                throw ForgeError(status: 413, message: "The request body is larger than 1 MB.")
            }
            var input: [String: Any] = [:]
            if !body.isEmpty {
                guard let parsed = try? JSONSerialization.jsonObject(with: Data(body)) else { throw ForgeError(status: 400, message: "Problems parsing JSON") }
                input = parsed as? [String: Any] ?? [:]
            }
            let (status, answer) = try await route(request.method, segments, input: input, query: request, caller: caller, json: json, sourceIP: sourceIP)
            if let custom = answer as? ForgeAnswer {
                guard let bytes = custom.bytes else {
                    var response = Self.answer(custom.status, custom.json)
                    response.headers += custom.headers
                    return response
                }
                var response = WireResponse(status: custom.status)
                response.headers = custom.headers
                response.body = bytes
                return response
            }
            return Self.answer(status, answer)
        } catch is AccessDeniedError {
            audit.denied()
            return Self.answer(403, ForgeError.forbidden("Resource not accessible by personal access token").body)
        } catch let error as ForgeError {
            if error.fromDenial { audit.denied() }
            var response = Self.answer(error.status, error.body)
            if error.status == 401 { response.headers.append(("WWW-Authenticate", #"Basic realm="GitHub""#)) }
            return response
        } catch {
            logger.error("forge API request failed", metadata: ["path": .string(request.path), "error": .string("\(error)")])
            return Self.answer(500, ForgeError(status: 500, message: "Server Error").body)
        }
    }

    static func answer(_ status: Int, _ body: Any?) -> WireResponse {
        var response = WireResponse(status: status)
        response.headers = [("Content-Type", "application/json; charset=utf-8"), ("X-GitHub-Media-Type", "github.v3; format=json")]
        if let body { response.body = Array((try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()) }
        return response
    }

    func authenticate(_ request: WireRequest) async throws -> Caller {
        guard let token = AccessTokens.presented(in: request.header("Authorization") ?? "") else { throw ForgeError.unauthorized }
        guard let record = try await tokens.find(token), let principal = record.principal else { throw ForgeError.badCredentials }
        return Caller(principal: principal, token: record, login: try await owners.login(for: principal))
    }

    /// A context acting as the caller in `account` (the account of the namespace addressed).
    func context(_ caller: Caller, account: String, host: String?, sourceIP: String?) throws -> ServiceContext {
        guard let account = AccountID(account) else { throw ForgeError.notFound }
        var context = ServiceContext(
            account: account, region: region, principal: caller.principal, requestID: UUID().uuidString.lowercased(), logger: logger, sourceIP: sourceIP,
            receivedAt: clock.now()
        )
        if let host { context.headers["host"] = host }
        return context
    }

    func require(_ caller: Caller, scope: String) throws {
        guard caller.token.allows(scope) else {
            throw ForgeError.forbidden("The token's scopes do not include \(scope).")
        }
    }

    func route(
        _ method: String, _ path: [String], input: [String: Any], query: WireRequest, caller: Caller, json: GitHubJSON, sourceIP: String?
    ) async throws -> (Int, Any?) {
        let host = query.header("Host")
        // A workflow job's token (GITHUB_TOKEN) reaches its own repository only, as GitHub's does.
        if caller.token.repositoryArn != nil, path.first != "repos" {
            throw ForgeError.forbidden("Resource not accessible by integration")
        }
        switch (method, path.first, path.count) {
        case ("GET", nil, _):
            return (200, ["current_user_url": "\(json.api)/user", "repository_url": "\(json.api)/repos/{owner}/{repo}"])
        case ("GET", "user", 1):
            return (200, json.owner(caller.login))
        case ("GET", "users", 2), ("GET", "orgs", 2):
            guard let owner = try await owners.owner(path[1]), (path[0] == "orgs") == (owner.kind == "Organization") else { throw ForgeError.notFound }
            return (200, json.owner(owner))
        case ("POST", "admin", 2) where path[1] == "organizations":
            guard let login = input["login"] as? String, let admin = input["admin"] as? String else { throw ForgeError.validation("login", "missing_field", resource: "Organization") }
            guard let administrator = try await owners.owner(admin), administrator.kind == "User", administrator.account == caller.login.account else {
                throw ForgeError.validation("admin", "invalid", resource: "Organization")
            }
            let context = try context(caller, account: caller.login.account, host: host, sourceIP: sourceIP)
            try await authorizer.authorize(
                AccessRequest(action: "codecommit:CreateRepository", resource: "arn:aws:codecommit:\(region.name):\(caller.login.account):*", resourceAccount: caller.login.account),
                context: context, deniedCode: "AccessDenied"
            )
            return (201, json.owner(try await owners.createOrganization(login, admin: administrator.login, account: caller.login.account)))
        case ("POST", "user", 2) where path[1] == "repos":
            return try await createRepository(input, owner: caller.login, caller: caller, json: json, host: host, sourceIP: sourceIP)
        case ("POST", "orgs", 3) where path[2] == "repos":
            guard let organization = try await owners.owner(path[1]), organization.kind == "Organization" else { throw ForgeError.notFound }
            return try await createRepository(input, owner: organization, caller: caller, json: json, host: host, sourceIP: sourceIP)
        case (_, "repos", let count) where count >= 3:
            return try await repositoryRoute(method, owner: path[1], name: path[2], rest: Array(path.dropFirst(3)), input: input, query: query, caller: caller, json: json, sourceIP: sourceIP)
        default:
            throw ForgeError.notFound
        }
    }

    /// `POST /user/repos`, `POST /orgs/{org}/repos`: CodeCommit's `CreateRepository` in the owner's account.
    func createRepository(_ input: [String: Any], owner: OwnerRecord, caller: Caller, json: GitHubJSON, host: String?, sourceIP: String?) async throws -> (Int, Any?) {
        try require(caller, scope: "repo")
        guard let name = input["name"] as? String, !name.isEmpty else { throw ForgeError.validation("name", "missing_field") }
        let context = try context(caller, account: owner.account, host: host, sourceIP: sourceIP)
        do {
            let _: RepositoryMetadataOutput = try await service.call(
                "CreateRepository", CreateRepositoryInput(repositoryName: name, repositoryDescription: input["description"] as? String, tags: nil, kmsKeyId: nil),
                context: context, authorizer: authorizer
            )
        } catch let error as GitError {
            switch error.code {
            case "RepositoryNameExistsException": throw ForgeError.validation("name", "custom", message: "name already exists on this account")
            default: throw ForgeError.validation("name", "invalid", message: error.message)
            }
        } catch is AccessDeniedError {
            throw ForgeError.forbidden("Resource not accessible by personal access token").denial
        }
        guard var record = try await store.repository(named: name, account: owner.account, region: region.name) else { throw ForgeError.notFound }
        if owner.login != owner.account {
            record.owner = owner.login
            try await store.update(record)
        }
        return (201, json.repository(record, owner: owner, defaultBranch: nil))
    }

    /// Everything under `/repos/{owner}/{repo}`.
    func repositoryRoute(
        _ method: String, owner login: String, name: String, rest: [String], input: [String: Any], query: WireRequest, caller: Caller, json: GitHubJSON,
        sourceIP: String?
    ) async throws -> (Int, Any?) {
        guard let owner = try await owners.owner(login),
              let record = try await store.repository(named: name, account: owner.account, region: region.name), record.ownerLogin.lowercased() == owner.login.lowercased()
        else { throw ForgeError.notFound }
        if let only = caller.token.repositoryArn, only != record.arn { throw ForgeError.notFound }
        let context = try context(caller, account: owner.account, host: query.header("Host"), sourceIP: sourceIP)
        let fullName = "\(record.ownerLogin)/\(record.name)"
        /// A CodeCommit operation as the caller; denied reads are hidden as GitHub hides private repositories.
        func call<Input: Sendable, Output: Sendable>(_ operation: String, _ input: Input, hiding: Bool = true) async throws -> Output {
            do {
                return try await service.call(operation, input, context: context, authorizer: authorizer)
            } catch is AccessDeniedError {
                throw (hiding ? ForgeError.notFound : ForgeError.forbidden("Resource not accessible by personal access token")).denial
            }
        }
        try require(caller, scope: "repo")
        switch (method, rest.first) {
        case ("GET", nil):
            let metadata: RepositoryMetadataOutput = try await call("GetRepository", RepositoryNameInput(repositoryName: name))
            return (200, json.repository(record, owner: owner, defaultBranch: metadata.repositoryMetadata.defaultBranch))
        case ("PATCH", nil):
            let _: RepositoryMetadataOutput = try await call("GetRepository", RepositoryNameInput(repositoryName: name))
            try await service.authorize("UpdateRepositoryDescription", name: name, context: context, authorizer: authorizer)
            var updated = record
            if input.keys.contains("description") { updated.description = input["description"] as? String }
            if let newName = input["name"] as? String, newName != name { throw ForgeError.validation("name", "invalid", message: "Renaming repositories is not supported.") }
            updated.lastModified = clock.now()
            try await store.update(updated)
            return (200, json.repository(updated, owner: owner, defaultBranch: try await service.repositories.defaultBranch(updated)))
        case ("DELETE", nil):
            try require(caller, scope: "delete_repo")
            let _: RepositoryMetadataOutput = try await call("GetRepository", RepositoryNameInput(repositoryName: name))
            let _: DeleteRepositoryOutput = try await call("DeleteRepository", RepositoryNameInput(repositoryName: name), hiding: false)
            return (204, nil)
        case ("GET", "branches"):
            if rest.count == 1 {
                let _: ListBranchesOutput = try await call("ListBranches", ListBranchesInput(repositoryName: name, nextToken: nil))
                return (200, try await service.repositories.branches(record).sorted { $0.name < $1.name }.map { json.branch($0.name, commit: $0.commit, fullName: fullName) })
            }
            let branch = rest.dropFirst().joined(separator: "/")
            do {
                let found: GetBranchOutput = try await call("GetBranch", GetBranchInput(repositoryName: name, branchName: branch))
                return (200, json.branch(found.branch.branchName, commit: found.branch.commitId, fullName: fullName))
            } catch is GitError {
                throw ForgeError(status: 404, message: "Branch not found")
            }
        case ("GET", "contents"):
            let path = rest.dropFirst().joined(separator: "/")
            guard !path.split(separator: "/").contains(where: { $0 == ".." }) else { throw ForgeError.notFound }
            let _: RepositoryMetadataOutput = try await call("GetRepository", RepositoryNameInput(repositoryName: name))
            try await service.authorize("GetFile", name: name, context: context, authorizer: authorizer)
            var ref = query.query("ref") ?? ""
            if ref.isEmpty { ref = try await service.repositories.defaultBranch(record) ?? "main" }
            guard let commit = try await service.repositories.commit(record, ref) else {
                throw ForgeError(status: 404, message: "No commit found for the ref \(ref)")
            }
            guard let found = try await service.repositories.entries(record, commit: commit, path: path) else { throw ForgeError.notFound }
            if found.isDirectory { return (200, found.entries.map { json.content($0, bytes: nil, fullName: fullName, ref: ref) }) }
            let entry = found.entries[0]
            guard entry.size <= CodeCommitService.maxFileBytes else { throw ForgeError(status: 403, message: "This API returns blobs up to 6 MB in size.") }
            return (200, json.content(entry, bytes: try await service.repositories.blob(record, entry.object), fullName: fullName, ref: ref))
        default:
            // The repository stays hidden from a caller who may not read it, whatever room serves the path.
            let _: RepositoryMetadataOutput = try await call("GetRepository", RepositoryNameInput(repositoryName: name))
            let forwarded = ForgeRepositoryRequest(
                method: method, rest: rest, input: input, request: query, repository: HostedRepository(record), context: context,
                callerLogin: caller.login.login, base: json.base, viaJobToken: caller.token.repositoryArn != nil
            )
            for table in routes.all {
                if let answer = try await table.answer(forwarded) { return (answer.status, answer) }
            }
            throw ForgeError.notFound
        }
    }
}
