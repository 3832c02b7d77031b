/// The statements of one kind of policy that apply to a request.
struct PolicyResult {
    let type: PolicyType
    var allows: [MatchedStatement] = []
    var denies: [MatchedStatement] = []
    /// The most direct grant among the allowing statements.
    var grant: PrincipalGrant?

    static func empty(_ type: PolicyType) -> PolicyResult { PolicyResult(type: type) }

    private init(type: PolicyType) { self.type = type }

    init(_ policies: [AttachedPolicy], type: PolicyType, matcher: StatementMatcher) {
        self.type = type
        for policy in policies {
            for (index, statement) in policy.document.statements.enumerated() {
                guard let grant = matcher.grant(of: statement, in: policy.document, type: type) else { continue }
                let matched = MatchedStatement(
                    policyID: policy.id, policyType: type, sid: statement.sid, effect: statement.effect, index: index
                )
                switch statement.effect {
                case .deny:
                    denies.append(matched)
                case .allow:
                    allows.append(matched)
                    self.grant = max(self.grant ?? grant, grant)
                }
            }
        }
    }
}
