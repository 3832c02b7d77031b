import Foundation
import Git

/// A repository's Actions settings: the key pair clients seal secrets with, its secrets (kept encrypted) and its
/// variables.
struct RepositorySettingsRecord: Codable, Sendable {
    var repositoryArn: String
    var keyID: String
    /// The public key, base64 (what `secrets/public-key` gives out).
    var publicKey: String
    /// The secret key, encrypted at rest.
    var sealedSecretKey: String
    var secrets: [String: StoredSecret] = [:]
    var variables: [String: StoredVariable] = [:]
}

/// A secret's value, encrypted at rest, and when it was set.
struct StoredSecret: Codable, Sendable {
    var sealed: String
    var created: Date
    var updated: Date
}

/// A configuration variable.
struct StoredVariable: Codable, Sendable {
    var value: String
    var created: Date
    var updated: Date
}

/// A deployment environment of a repository: who must approve a job that deploys to it, and its own secrets and
/// variables (given to a job only once it is approved).
struct EnvironmentRecord: Codable, Sendable {
    var repositoryArn: String
    var name: String
    var id: Int
    var reviewers: [ReviewerRecord]
    var waitTimer: Int
    var created: Date
    var updated: Date
    var secrets: [String: StoredSecret] = [:]
    var variables: [String: StoredVariable] = [:]
}

/// A required reviewer of an environment: a forge user.
struct ReviewerRecord: Codable, Sendable, Equatable {
    var type: String
    var id: Int
    var login: String
}

/// A reviewer's decision on a job waiting for its environment.
struct DeploymentReview: Codable, Sendable, Equatable {
    /// `approved` or `rejected`.
    var state: String
    var reviewer: String
    var comment: String
    var time: Date
}

/// A file bundle a job uploaded (`actions/upload-artifact`): a zip kept in the data directory until it expires.
struct ArtifactRecord: Codable, Sendable {
    var id: Int
    var runID: Int
    var repositoryArn: String
    var name: String
    var size: Int
    /// `sha256:<hex>` of the zip.
    var digest: String
    var created: Date
    var expires: Date
}

/// A dependency cache a job saved (`actions/cache`): a tarball kept per repository, key and branch.
struct CacheRecord: Codable, Sendable {
    var id: Int
    var repositoryArn: String
    /// The ref whose runs saved it; other branches' runs see it only when it is the default branch's.
    var ref: String
    var key: String
    var version: String
    var size: Int
    var created: Date
    var lastAccessed: Date
}

/// A workflow's `on.schedule` as the default branch holds it: its cron lines, and who pushed them (the identity
/// scheduled runs act for, as on GitHub).
struct ScheduleRecord: Codable, Sendable {
    var repositoryArn: String
    var workflowPath: String
    var crons: [String]
    var actor: ForgeActor
    var actorLogin: String
}
