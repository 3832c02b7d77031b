import Foundation

/// `CreateRepository`'s input (CodeCommit's members are camel-case on the wire).
struct CreateRepositoryInput: Codable, Sendable {
    var repositoryName: String
    var repositoryDescription: String?
    var tags: [String: String]?
    var kmsKeyId: String?
}

/// Input naming one repository.
struct RepositoryNameInput: Codable, Sendable {
    var repositoryName: String?
}

/// What CodeCommit tells about a repository.
struct RepositoryMetadata: Codable, Sendable {
    var accountId: String
    var repositoryId: String
    var repositoryName: String
    var repositoryDescription: String?
    var defaultBranch: String?
    var lastModifiedDate: Date
    var creationDate: Date
    var cloneUrlHttp: String
    var cloneUrlSsh: String?
    var Arn: String
    var kmsKeyId: String?
}

/// `CreateRepository` / `GetRepository` output.
struct RepositoryMetadataOutput: Codable, Sendable {
    var repositoryMetadata: RepositoryMetadata
}

/// `ListRepositories` input.
struct ListRepositoriesInput: Codable, Sendable {
    var nextToken: String?
    var sortBy: String?
    var order: String?
}

/// A repository in a listing.
struct RepositoryNameIdPair: Codable, Sendable {
    var repositoryName: String
    var repositoryId: String
}

/// `ListRepositories` output.
struct ListRepositoriesOutput: Codable, Sendable {
    var repositories: [RepositoryNameIdPair]
    var nextToken: String?
}

/// `DeleteRepository` output: the id of the repository deleted, absent when there was none.
struct DeleteRepositoryOutput: Codable, Sendable {
    var repositoryId: String?
}

/// `GetBranch` input.
struct GetBranchInput: Codable, Sendable {
    var repositoryName: String?
    var branchName: String?
}

/// A branch and its head commit.
struct BranchInfo: Codable, Sendable {
    var branchName: String
    var commitId: String
}

/// `GetBranch` output.
struct GetBranchOutput: Codable, Sendable {
    var branch: BranchInfo
}

/// `ListBranches` input.
struct ListBranchesInput: Codable, Sendable {
    var repositoryName: String?
    var nextToken: String?
}

/// `ListBranches` output.
struct ListBranchesOutput: Codable, Sendable {
    var branches: [String]
    var nextToken: String?
}

/// `GetFile` input.
struct GetFileInput: Codable, Sendable {
    var repositoryName: String?
    var commitSpecifier: String?
    var filePath: String?
}

/// `GetFile` output: the blob's bytes (base64 on the wire) and where they came from.
struct GetFileOutput: Codable, Sendable {
    var commitId: String
    var blobId: String
    var filePath: String
    var fileMode: String
    var fileSize: Int
    var fileContent: Data
}

/// `TagResource` input.
struct TagResourceInput: Codable, Sendable {
    var resourceArn: String?
    var tags: [String: String]?
}

/// `UntagResource` input.
struct UntagResourceInput: Codable, Sendable {
    var resourceArn: String?
    var tagKeys: [String]?
}

/// `ListTagsForResource` input.
struct ListTagsForResourceInput: Codable, Sendable {
    var resourceArn: String?
    var nextToken: String?
}

/// `ListTagsForResource` output.
struct ListTagsForResourceOutput: Codable, Sendable {
    var tags: [String: String]
    var nextToken: String?
}

/// An output with no members.
struct EmptyOutput: Codable, Sendable {}
