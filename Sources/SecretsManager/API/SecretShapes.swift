import Foundation

struct TagShape: Codable, Sendable, Hashable {
    var key: String
    var value: String
    enum CodingKeys: String, CodingKey { case key = "Key", value = "Value" }
}

struct CreateSecretInput: Codable, Sendable {
    var name: String
    var clientRequestToken: String?
    var description: String?
    var kmsKeyId: String?
    var secretBinary: Data?
    var secretString: String?
    var tags: [TagShape]?
    enum CodingKeys: String, CodingKey {
        case name = "Name", clientRequestToken = "ClientRequestToken", description = "Description", kmsKeyId = "KmsKeyId"
        case secretBinary = "SecretBinary", secretString = "SecretString", tags = "Tags"
    }
}

struct SecretVersionOutput: Codable, Sendable {
    var arn: String
    var name: String
    var versionId: String?
    var versionStages: [String]?
    enum CodingKeys: String, CodingKey { case arn = "ARN", name = "Name", versionId = "VersionId", versionStages = "VersionStages" }
}

struct SecretIDInput: Codable, Sendable {
    var secretId: String
    enum CodingKeys: String, CodingKey { case secretId = "SecretId" }
}

struct GetSecretValueInput: Codable, Sendable {
    var secretId: String
    var versionId: String?
    var versionStage: String?
    enum CodingKeys: String, CodingKey { case secretId = "SecretId", versionId = "VersionId", versionStage = "VersionStage" }
}

struct GetSecretValueOutput: Codable, Sendable {
    var arn: String
    var name: String
    var versionId: String
    var secretBinary: Data?
    var secretString: String?
    var versionStages: [String]
    var createdDate: Date
    enum CodingKeys: String, CodingKey {
        case arn = "ARN", name = "Name", versionId = "VersionId", secretBinary = "SecretBinary", secretString = "SecretString"
        case versionStages = "VersionStages", createdDate = "CreatedDate"
    }
}

struct PutSecretValueInput: Codable, Sendable {
    var secretId: String
    var clientRequestToken: String?
    var secretBinary: Data?
    var secretString: String?
    var versionStages: [String]?
    enum CodingKeys: String, CodingKey {
        case secretId = "SecretId", clientRequestToken = "ClientRequestToken", secretBinary = "SecretBinary", secretString = "SecretString"
        case versionStages = "VersionStages"
    }
}

struct UpdateSecretInput: Codable, Sendable {
    var secretId: String
    var clientRequestToken: String?
    var description: String?
    var kmsKeyId: String?
    var secretBinary: Data?
    var secretString: String?
    enum CodingKeys: String, CodingKey {
        case secretId = "SecretId", clientRequestToken = "ClientRequestToken", description = "Description", kmsKeyId = "KmsKeyId"
        case secretBinary = "SecretBinary", secretString = "SecretString"
    }
}

struct DescribeSecretOutput: Codable, Sendable {
    var arn: String
    var name: String
    var description: String?
    var kmsKeyId: String?
    var rotationEnabled: Bool
    var lastChangedDate: Date?
    var lastAccessedDate: Date?
    var deletedDate: Date?
    var tags: [TagShape]?
    var versionIdsToStages: [String: [String]]?
    var createdDate: Date
    enum CodingKeys: String, CodingKey {
        case arn = "ARN", name = "Name", description = "Description", kmsKeyId = "KmsKeyId", rotationEnabled = "RotationEnabled"
        case lastChangedDate = "LastChangedDate", lastAccessedDate = "LastAccessedDate", deletedDate = "DeletedDate", tags = "Tags"
        case versionIdsToStages = "VersionIdsToStages", createdDate = "CreatedDate"
    }
}

struct FilterShape: Codable, Sendable {
    var key: String
    var values: [String]
    enum CodingKeys: String, CodingKey { case key = "Key", values = "Values" }
}

struct ListSecretsInput: Codable, Sendable {
    var includePlannedDeletion: Bool?
    var maxResults: Int?
    var nextToken: String?
    var filters: [FilterShape]?
    var sortOrder: String?
    enum CodingKeys: String, CodingKey {
        case includePlannedDeletion = "IncludePlannedDeletion", maxResults = "MaxResults", nextToken = "NextToken", filters = "Filters", sortOrder = "SortOrder"
    }
}

struct SecretListEntryShape: Codable, Sendable {
    var arn: String
    var name: String
    var description: String?
    var lastChangedDate: Date?
    var lastAccessedDate: Date?
    var deletedDate: Date?
    var tags: [TagShape]?
    var secretVersionsToStages: [String: [String]]?
    var createdDate: Date
    enum CodingKeys: String, CodingKey {
        case arn = "ARN", name = "Name", description = "Description", lastChangedDate = "LastChangedDate", lastAccessedDate = "LastAccessedDate"
        case deletedDate = "DeletedDate", tags = "Tags", secretVersionsToStages = "SecretVersionsToStages", createdDate = "CreatedDate"
    }
}

struct ListSecretsOutput: Codable, Sendable {
    var secretList: [SecretListEntryShape]
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case secretList = "SecretList", nextToken = "NextToken" }
}

struct DeleteSecretInput: Codable, Sendable {
    var secretId: String
    var recoveryWindowInDays: Int?
    var forceDeleteWithoutRecovery: Bool?
    enum CodingKeys: String, CodingKey {
        case secretId = "SecretId", recoveryWindowInDays = "RecoveryWindowInDays", forceDeleteWithoutRecovery = "ForceDeleteWithoutRecovery"
    }
}

struct DeleteSecretOutput: Codable, Sendable {
    var arn: String
    var name: String
    var deletionDate: Date
    enum CodingKeys: String, CodingKey { case arn = "ARN", name = "Name", deletionDate = "DeletionDate" }
}

struct SecretNameOutput: Codable, Sendable {
    var arn: String
    var name: String
    enum CodingKeys: String, CodingKey { case arn = "ARN", name = "Name" }
}

struct GetRandomPasswordInput: Codable, Sendable {
    var passwordLength: Int?
    var excludeCharacters: String?
    var excludeNumbers: Bool?
    var excludePunctuation: Bool?
    var excludeUppercase: Bool?
    var excludeLowercase: Bool?
    var includeSpace: Bool?
    var requireEachIncludedType: Bool?
    enum CodingKeys: String, CodingKey {
        case passwordLength = "PasswordLength", excludeCharacters = "ExcludeCharacters", excludeNumbers = "ExcludeNumbers"
        case excludePunctuation = "ExcludePunctuation", excludeUppercase = "ExcludeUppercase", excludeLowercase = "ExcludeLowercase"
        case includeSpace = "IncludeSpace", requireEachIncludedType = "RequireEachIncludedType"
    }
}

struct GetRandomPasswordOutput: Codable, Sendable {
    var randomPassword: String
    enum CodingKeys: String, CodingKey { case randomPassword = "RandomPassword" }
}

struct PutResourcePolicyInput: Codable, Sendable {
    var secretId: String
    var resourcePolicy: String
    enum CodingKeys: String, CodingKey { case secretId = "SecretId", resourcePolicy = "ResourcePolicy" }
}

struct GetResourcePolicyOutput: Codable, Sendable {
    var arn: String
    var name: String
    var resourcePolicy: String?
    enum CodingKeys: String, CodingKey { case arn = "ARN", name = "Name", resourcePolicy = "ResourcePolicy" }
}

struct TagResourceInput: Codable, Sendable {
    var secretId: String
    var tags: [TagShape]
    enum CodingKeys: String, CodingKey { case secretId = "SecretId", tags = "Tags" }
}

struct UntagResourceInput: Codable, Sendable {
    var secretId: String
    var tagKeys: [String]
    enum CodingKeys: String, CodingKey { case secretId = "SecretId", tagKeys = "TagKeys" }
}

struct EmptyShape: Codable, Sendable {}
