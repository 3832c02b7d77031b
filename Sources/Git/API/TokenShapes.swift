import Foundation
import Wire

/// `CreateGitToken`: a name, GitHub's scopes (default `repo`, `workflow`) and an optional lifetime in days.
struct CreateGitTokenInput: WireShape {
    var name: String
    var scopes: [String]?
    var expiresInDays: Int?
    static let bindings: [String: WireBinding] = [:]
    enum CodingKeys: String, CodingKey { case name = "Name", scopes = "Scopes", expiresInDays = "ExpiresInDays" }
}

/// A token as listings show it: never the token itself.
struct GitTokenSummary: Codable, Sendable {
    var tokenId: String
    var name: String
    var scopes: [String]
    var prefix: String
    var owner: String
    var created: Date
    var expires: Date?
    var lastUsed: Date?
    enum CodingKeys: String, CodingKey {
        case tokenId = "TokenId", name = "Name", scopes = "Scopes", prefix = "Prefix", owner = "Owner", created = "Created", expires = "Expires"
        case lastUsed = "LastUsed"
    }

    init(_ record: AccessTokenRecord) {
        tokenId = record.id
        name = record.name
        scopes = record.scopes
        prefix = record.prefix
        owner = record.ownerArn
        created = record.created
        expires = record.expires
        lastUsed = record.lastUsed
    }
}

/// `CreateGitToken`'s answer: the token, shown this once.
struct CreateGitTokenOutput: Codable, Sendable {
    var token: String
    var summary: GitTokenSummary
    enum CodingKeys: String, CodingKey { case token = "Token", summary = "Summary" }
}

/// Input with no members.
struct NoInput: WireShape {
    static let bindings: [String: WireBinding] = [:]
}

/// `ListGitTokens`' answer: the caller's tokens.
struct ListGitTokensOutput: Codable, Sendable {
    var tokens: [GitTokenSummary]
    enum CodingKeys: String, CodingKey { case tokens = "Tokens" }
}

/// `DeleteGitToken`: the token's id, in the path.
struct DeleteGitTokenInput: WireShape {
    var tokenId: String
    static let bindings: [String: WireBinding] = ["TokenId": .uri("TokenId")]
    enum CodingKeys: String, CodingKey { case tokenId = "TokenId" }
}
