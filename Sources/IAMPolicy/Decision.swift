/// The outcome of evaluating one request, with the statements that decided it.
public struct Decision: Sendable, Hashable {
    /// Allowed, or denied explicitly or implicitly by a kind of policy.
    public enum Outcome: Sendable, Hashable {
        case allowed
        case explicitDeny(PolicyType)
        case implicitDeny(PolicyType)
    }

    public var outcome: Outcome
    /// For an explicit deny the denying statements; for an allow the allowing ones; empty otherwise.
    public var matchedStatements: [MatchedStatement]

    public init(outcome: Outcome, matchedStatements: [MatchedStatement] = []) {
        self.outcome = outcome
        self.matchedStatements = matchedStatements
    }

    public var isAllowed: Bool { outcome == .allowed }

    /// AWS's denial message, e.g. "User: arn:aws:iam::111122223333:user/alice is not authorized to perform:
    /// iam:ListUsers on resource: arn:aws:iam::111122223333:user/ because no identity-based policy allows
    /// the iam:ListUsers action"; "… with an explicit deny in an identity-based policy" for explicit denies.
    /// The first word is "User:" for every kind of principal, as AWS writes it; anonymous callers are "anonymous".
    public func denialMessage(for request: AuthorizationRequest) -> String {
        let who = request.principal.kind == .anonymous ? "anonymous" : request.principal.arn
        let base = "User: \(who) is not authorized to perform: \(request.action) on resource: \(request.resource)"
        switch outcome {
        case .allowed:
            return base
        case .explicitDeny(let type):
            return "\(base) with an explicit deny in \(type.withArticle)"
        case .implicitDeny(let type):
            return "\(base) because no \(type.withoutArticle) allows the \(request.action) action"
        }
    }
}
