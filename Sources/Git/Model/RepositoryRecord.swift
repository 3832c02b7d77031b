import Foundation

/// A git repository Slipway hosts: its CodeCommit identity and where its bare repository lives (by id, so a
/// repository deleted and created again under the same name never sees the old one's objects).
struct RepositoryRecord: Codable, Sendable {
    var arn: String
    var account: String
    var region: String
    var name: String
    var id: String
    var description: String?
    var kmsKeyId: String?
    var tags: [String: String]
    var created: Date
    var lastModified: Date
    /// The GitHub-style owner (an organization or user login) when not the account's own namespace.
    var owner: String?

    /// The owner the forge's API and GitHub-layout git paths name it under: its own, else the account's namespace
    /// (whose login is the account id).
    var ownerLogin: String { owner ?? account }

    /// The bare repository's directory name under the repositories root.
    var directoryName: String { id + ".git" }
}

/// One ref a push changed, exactly as git's `post-receive` hook reported it.
public struct PushedRef: Sendable, Equatable {
    /// The repository's ARN.
    public var repositoryArn: String
    public var ref: String
    /// The ref's commit before the push; forty zeros when the push created it.
    public var oldCommit: String
    /// The ref's commit after the push; forty zeros when the push deleted it.
    public var newCommit: String
    /// The principal that pushed (its ARN).
    public var pusher: String
    public var time: Date

    public init(repositoryArn: String, ref: String, oldCommit: String, newCommit: String, pusher: String, time: Date) {
        self.repositoryArn = repositoryArn
        self.ref = ref
        self.oldCommit = oldCommit
        self.newCommit = newCommit
        self.pusher = pusher
        self.time = time
    }
}
