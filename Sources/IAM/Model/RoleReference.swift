import SlipwayCore

/// What a role ARN names: the account, the path and the name (`arn:aws:iam::111122223333:role/app/deploy` names the
/// role `deploy` with path `/app/`). A role is found by all three, never by its name alone.
struct RoleReference: Sendable, Equatable {
    var account: AccountID
    var path: String
    var name: String

    init?(arn text: String) {
        guard let arn = ARN(parsing: text), arn.service == "iam", let account = AccountID(arn.account), arn.resource.hasPrefix("role/") else { return nil }
        let parts = arn.resource.dropFirst("role/".count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.last, !name.isEmpty, !parts.dropLast().contains(where: \.isEmpty) else { return nil }
        self.account = account
        self.name = name
        self.path = "/" + parts.dropLast().map { $0 + "/" }.joined()
    }
}
