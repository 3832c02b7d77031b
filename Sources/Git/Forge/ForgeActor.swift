import Foundation
import ServiceKit
import SlipwayCore

/// The IAM identity whose action started something on the forge (a push, a dispatch), kept so that work done later
/// on its behalf (a workflow job's `GITHUB_TOKEN`) acts with its current permissions and no more.
public struct ForgeActor: Codable, Sendable, Equatable {
    public var arn: String
    /// `root`, `user`, or `other` (a role session or a service, which cannot own forge tokens).
    public var kind: String
    public var name: String?
    public var userID: String
    public var account: String
    public var tags: [String: String]
    /// Whether it acted through a workflow job's token (a push by GITHUB_TOKEN starts no workflow, as on GitHub).
    public var viaJobToken: Bool?

    public init(_ principal: Principal, viaJobToken: Bool = false) {
        self.viaJobToken = viaJobToken ? true : nil
        arn = principal.arn
        userID = principal.userID
        account = principal.account?.rawValue ?? ""
        tags = principal.tags
        switch principal.kind {
        case .root: kind = "root"
        case .user(let user):
            kind = "user"
            name = user
        default: kind = "other"
        }
    }

    /// The identity as a principal whose policies decide what is done in its name; nil for kinds that cannot own
    /// tokens.
    var principal: Principal? {
        guard let account = AccountID(account) else { return nil }
        switch kind {
        case "root": return Principal(kind: .root, arn: arn, account: account, userID: userID, tags: tags)
        case "user":
            guard let name else { return nil }
            return Principal(kind: .user(name: name), arn: arn, account: account, userID: userID, tags: tags)
        default: return nil
        }
    }
}
