import Foundation

/// A repository Slipway hosts, as other rooms (the workflow runner) see it: its identities and where it lives.
public struct HostedRepository: Sendable, Equatable {
    public let arn: String
    public let account: String
    public let region: String
    public let name: String
    /// The GitHub-style owner login it is listed under (the account id for the account's own namespace).
    public let ownerLogin: String
    /// Its stable id (the bare repository's directory name without `.git`).
    public let id: String
    /// Its tags, which IAM conditions on (`aws:ResourceTag/…`).
    public let tags: [String: String]

    /// `owner/name`, as GitHub's `full_name` and `GITHUB_REPOSITORY`.
    public var fullName: String { "\(ownerLogin)/\(name)" }
    /// GitHub's numeric id for it.
    public var numericID: Int { GitHubIDs.number(for: "repository:" + id) }
    /// Its owner's numeric id.
    public var ownerNumericID: Int { GitHubIDs.number(for: "owner:" + ownerLogin.lowercased()) }

    /// GitHub's numeric id for a workflow file of the repository.
    public func workflowID(path: String) -> Int { number(for: "workflow", path) }

    /// GitHub's numeric id for something of the repository (`environment`, …) named `name`.
    public func number(for kind: String, _ name: String) -> Int { GitHubIDs.number(for: "\(kind):\(id):\(name)") }

    public init(arn: String, account: String, region: String, name: String, ownerLogin: String, id: String, tags: [String: String] = [:]) {
        self.tags = tags
        self.arn = arn
        self.account = account
        self.region = region
        self.name = name
        self.ownerLogin = ownerLogin
        self.id = id
    }

    init(_ record: RepositoryRecord) {
        arn = record.arn
        account = record.account
        region = record.region
        name = record.name
        ownerLogin = record.ownerLogin
        id = record.id
        tags = record.tags
    }
}
