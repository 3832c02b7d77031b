import ServiceKit
import SlipwayCore

/// Who a stack acts as, as stored with it, so an operation a crash interrupted can be finished as the same principal.
struct StoredPrincipal: Codable, Sendable {
    var kind: String
    var name: String?
    var roleARN: String?
    var sessionName: String?
    var arn: String
    var account: String?
    var userID: String

    init(_ principal: Principal) {
        arn = principal.arn
        account = principal.account?.rawValue
        userID = principal.userID
        switch principal.kind {
        case .root: kind = "root"
        case .user(let user):
            kind = "user"
            name = user
        case .userSession(let user):
            kind = "userSession"
            name = user
        case .assumedRole(let role, let roleARN, let session):
            kind = "assumedRole"
            name = role
            self.roleARN = roleARN
            sessionName = session
        case .service(let service):
            kind = "service"
            name = service
        case .anonymous: kind = "anonymous"
        }
    }

    /// The principal again (without session policies, which are not kept).
    var principal: Principal {
        let kind: Principal.Kind = switch self.kind {
        case "root": .root
        case "user": .user(name: name ?? "")
        case "userSession": .userSession(of: name ?? "")
        case "assumedRole": .assumedRole(roleName: name ?? "", roleARN: roleARN ?? "", sessionName: sessionName ?? "")
        case "service": .service(name ?? "")
        default: .anonymous
        }
        return Principal(kind: kind, arn: arn, account: account.flatMap(AccountID.init), userID: userID)
    }
}
