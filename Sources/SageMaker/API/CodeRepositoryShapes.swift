import Foundation

struct GitConfigShape: Codable, Sendable, Hashable {
    var repositoryUrl: String
    var branch: String?
    var secretArn: String?
    enum CodingKeys: String, CodingKey { case repositoryUrl = "RepositoryUrl", branch = "Branch", secretArn = "SecretArn" }
}

struct GitConfigForUpdateShape: Codable, Sendable {
    var secretArn: String?
    enum CodingKeys: String, CodingKey { case secretArn = "SecretArn" }
}

struct CreateCodeRepositoryInput: Codable, Sendable {
    var codeRepositoryName: String
    var gitConfig: GitConfigShape
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey { case codeRepositoryName = "CodeRepositoryName", gitConfig = "GitConfig", tags = "Tags" }
}

struct CodeRepositoryArnOutput: Codable, Sendable {
    var codeRepositoryArn: String
    enum CodingKeys: String, CodingKey { case codeRepositoryArn = "CodeRepositoryArn" }
}

struct CodeRepositoryNameInput: Codable, Sendable {
    var codeRepositoryName: String
    enum CodingKeys: String, CodingKey { case codeRepositoryName = "CodeRepositoryName" }
}

struct UpdateCodeRepositoryInput: Codable, Sendable {
    var codeRepositoryName: String
    var gitConfig: GitConfigForUpdateShape?
    enum CodingKeys: String, CodingKey { case codeRepositoryName = "CodeRepositoryName", gitConfig = "GitConfig" }
}

struct CodeRepositoryShape: Codable, Sendable {
    var codeRepositoryName: String
    var codeRepositoryArn: String
    var creationTime: Date
    var lastModifiedTime: Date
    var gitConfig: GitConfigShape
    enum CodingKeys: String, CodingKey {
        case codeRepositoryName = "CodeRepositoryName", codeRepositoryArn = "CodeRepositoryArn", creationTime = "CreationTime"
        case lastModifiedTime = "LastModifiedTime", gitConfig = "GitConfig"
    }
}

struct ListCodeRepositoriesInput: Codable, Sendable {
    var creationTimeAfter: Date?
    var creationTimeBefore: Date?
    var lastModifiedTimeAfter: Date?
    var lastModifiedTimeBefore: Date?
    var maxResults: Int?
    var nameContains: String?
    var nextToken: String?
    var sortBy: String?
    var sortOrder: String?
    enum CodingKeys: String, CodingKey {
        case creationTimeAfter = "CreationTimeAfter", creationTimeBefore = "CreationTimeBefore", lastModifiedTimeAfter = "LastModifiedTimeAfter"
        case lastModifiedTimeBefore = "LastModifiedTimeBefore", maxResults = "MaxResults", nameContains = "NameContains", nextToken = "NextToken"
        case sortBy = "SortBy", sortOrder = "SortOrder"
    }
}

struct ListCodeRepositoriesOutput: Codable, Sendable {
    var codeRepositorySummaryList: [CodeRepositoryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case codeRepositorySummaryList = "CodeRepositorySummaryList", nextToken = "NextToken" }
}
