import Foundation
import ServiceKit

/// A GitHub-style namespace repositories live under: a user (the login of an IAM user, or the account id for the
/// root user, whose namespace is the account's own) or an organization an administrator created. Each belongs to one
/// account; logins are unique across the server, compared without case.
struct OwnerRecord: Codable, Sendable {
    var login: String
    /// `User` or `Organization`, as GitHub's `type`.
    var kind: String
    var account: String
    /// The IAM identity a user login stands for.
    var principalArn: String?
    /// The user logins that administer an organization.
    var admins: [String]
    var created: Date

    /// GitHub's numeric id: stable, derived from the login.
    var numericID: Int { GitHubIDs.number(for: "owner:" + login.lowercased()) }
}

/// GitHub's numeric ids for things Slipway names otherwise: the first six bytes of a SHA-256, stable across restarts.
enum GitHubIDs {
    static func number(for text: String) -> Int {
        var value = 0
        for byte in SecretTokens.hash(text).utf8.prefix(12) {
            let digit = byte >= 97 ? Int(byte) - 87 : Int(byte) - 48
            value = value * 16 + digit
        }
        return value
    }
}
