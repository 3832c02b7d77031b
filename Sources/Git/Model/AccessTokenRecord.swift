import Foundation
import ServiceKit
import SlipwayCore

/// A personal access token for git and the forge's API: owned by the IAM identity that created it (root or a user),
/// kept only as its SHA-256, limited to its scopes, optionally expiring.
struct AccessTokenRecord: Codable, Sendable {
    var id: String
    var account: String
    var name: String
    var scopes: [String]
    var hash: String
    /// The token's first characters, to tell tokens apart in listings.
    var prefix: String
    var created: Date
    var expires: Date?
    var lastUsed: Date?
    /// The owner, as the authorizer needs it: its ARN and kind (`root` or `user`), user name and `aws:userid`.
    var ownerArn: String
    var ownerKind: String
    var ownerName: String?
    var ownerUserID: String
    var ownerTags: [String: String]
    /// The only repository a workflow job's token may reach; nil for personal tokens.
    var repositoryArn: String?

    /// The owner as a principal whose current policies decide what the token may do.
    var principal: Principal? {
        guard let account = AccountID(account) else { return nil }
        let kind: Principal.Kind
        switch ownerKind {
        case "root": kind = .root
        case "user":
            guard let ownerName else { return nil }
            kind = .user(name: ownerName)
        default: return nil
        }
        return Principal(kind: kind, arn: ownerArn, account: account, userID: ownerUserID, tags: ownerTags)
    }

    /// Whether the token carries `scope` (`repo` covers `repo:*`; `workflow` implies `repo` as GitHub's does not).
    func allows(_ scope: String) -> Bool {
        scopes.contains(scope) || scopes.contains { scope.hasPrefix($0 + ":") }
    }
}
