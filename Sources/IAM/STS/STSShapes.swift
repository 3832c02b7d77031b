import Foundation

struct GetCallerIdentityInput: Codable, Sendable {}

struct GetCallerIdentityOutput: Codable, Sendable {
    var userId: String
    var account: String
    var arn: String
    enum CodingKeys: String, CodingKey { case userId = "UserId", account = "Account", arn = "Arn" }
}

struct PolicyDescriptorShape: Codable, Sendable {
    var arn: String?
    enum CodingKeys: String, CodingKey { case arn }
}

struct AssumeRoleInput: Codable, Sendable {
    var roleArn: String
    var roleSessionName: String
    var policyArns: [PolicyDescriptorShape]?
    var policy: String?
    var durationSeconds: Int?
    var tags: [TagShape]?
    var transitiveTagKeys: [String]?
    var externalId: String?
    var sourceIdentity: String?
    enum CodingKeys: String, CodingKey {
        case roleArn = "RoleArn", roleSessionName = "RoleSessionName", policyArns = "PolicyArns", policy = "Policy"
        case durationSeconds = "DurationSeconds", tags = "Tags", transitiveTagKeys = "TransitiveTagKeys"
        case externalId = "ExternalId", sourceIdentity = "SourceIdentity"
    }
}

struct CredentialsShape: Codable, Sendable {
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String
    var expiration: Date
    enum CodingKeys: String, CodingKey {
        case accessKeyId = "AccessKeyId", secretAccessKey = "SecretAccessKey", sessionToken = "SessionToken", expiration = "Expiration"
    }
}

struct AssumedRoleUserShape: Codable, Sendable {
    var assumedRoleId: String
    var arn: String
    enum CodingKeys: String, CodingKey { case assumedRoleId = "AssumedRoleId", arn = "Arn" }
}

struct AssumeRoleOutput: Codable, Sendable {
    var credentials: CredentialsShape
    var assumedRoleUser: AssumedRoleUserShape
    var packedPolicySize: Int?
    var sourceIdentity: String?
    enum CodingKeys: String, CodingKey {
        case credentials = "Credentials", assumedRoleUser = "AssumedRoleUser", packedPolicySize = "PackedPolicySize"
        case sourceIdentity = "SourceIdentity"
    }
}

struct GetSessionTokenInput: Codable, Sendable {
    var durationSeconds: Int?
    var serialNumber: String?
    var tokenCode: String?
    enum CodingKeys: String, CodingKey { case durationSeconds = "DurationSeconds", serialNumber = "SerialNumber", tokenCode = "TokenCode" }
}

struct GetSessionTokenOutput: Codable, Sendable {
    var credentials: CredentialsShape
    enum CodingKeys: String, CodingKey { case credentials = "Credentials" }
}
