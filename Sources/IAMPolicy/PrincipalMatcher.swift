/// Matches the requesting principal against a statement's `Principal` and `NotPrincipal` elements.
struct PrincipalMatcher {
    let principal: PrincipalContext

    /// The grant `set` gives the principal, or `nil` when it does not name the principal.
    func grant(in set: PrincipalSet) -> PrincipalGrant? {
        if set.includesEveryone { return .direct }
        if case .service(let name) = principal.kind,
           set.service.contains(where: { $0.lowercased() == name.lowercased() }) {
            return .direct
        }
        return set.aws.compactMap(grant(forAWS:)).max()
    }

    /// Whether a `NotPrincipal` set leaves the principal out. AWS may judge a principal by its
    /// account, then its role, then itself, so every link of that chain must be listed.
    func isExempted(by set: PrincipalSet) -> Bool {
        if set.includesEveryone { return true }
        func listed(_ names: [String]) -> Bool { names.contains { set.aws.contains($0) } }
        switch principal.kind {
        case .anonymous:
            return false
        case .service(let name):
            return set.service.contains { $0.lowercased() == name.lowercased() }
        case .root:
            return listed(accountNames)
        case .user:
            return listed(accountNames) && listed([principal.arn, principal.userID])
        case .assumedRole(let roleARN, _):
            return listed(accountNames) && listed([roleARN, roleID].compactMap { $0 }) && listed([principal.arn])
        }
    }

    private func grant(forAWS name: String) -> PrincipalGrant? {
        switch principal.kind {
        case .anonymous, .service:
            return nil
        case .root:
            return accountNames.contains(name) ? .direct : nil
        case .user:
            if name == principal.arn || name == principal.userID { return .direct }
            return accountNames.contains(name) ? .account : nil
        case .assumedRole(let roleARN, _):
            if name == principal.arn { return .direct }
            if name == roleARN || name == roleID { return .role }
            return accountNames.contains(name) ? .account : nil
        }
    }

    /// The account as a policy may write it: its number or its root user's ARN.
    private var accountNames: [String] {
        guard let account = principal.account else { return [] }
        let parts = principal.arn.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        let partition = parts.count == 3 && parts[0] == "arn" ? parts[1] : "aws"
        return [account, "arn:\(partition):iam::\(account):root"]
    }

    /// A session's role unique ID: the `AROA…` before the colon of `aws:userid`.
    private var roleID: String? {
        guard let colon = principal.userID.firstIndex(of: ":") else { return nil }
        return String(principal.userID[..<colon])
    }
}
