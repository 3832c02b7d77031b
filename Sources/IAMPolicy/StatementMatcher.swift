/// Decides whether a statement applies to a request: its action, resource, principal and conditions all match.
struct StatementMatcher {
    let request: AuthorizationRequest
    let context: ConditionContext
    let principal: PrincipalMatcher
    /// AWS always applies a `Deny` with `NotPrincipal` to a principal that has a permissions boundary.
    let principalHasBoundary: Bool

    init(request: AuthorizationRequest, principalHasBoundary: Bool) {
        self.request = request
        self.context = request.evaluationContext
        self.principal = PrincipalMatcher(principal: request.principal)
        self.principalHasBoundary = principalHasBoundary
    }

    /// The grant the statement makes when it applies, or `nil`. Statements outside resource
    /// policies name no principal and grant directly.
    func grant(of statement: PolicyStatement, in document: PolicyDocument, type: PolicyType) -> PrincipalGrant? {
        let variables = PolicyVariables(context: context, enabled: document.substitutesVariables)
        guard matchesAction(statement), matchesResource(statement, type: type, variables: variables) else { return nil }
        let grant: PrincipalGrant
        if type == .resource {
            guard let named = principalGrant(statement) else { return nil }
            grant = named
        } else {
            grant = .direct
        }
        let conditions = ConditionEvaluator(variables: variables)
        return statement.conditions.allSatisfy(conditions.holds) ? grant : nil
    }

    private func matchesAction(_ statement: PolicyStatement) -> Bool {
        let matches = { (patterns: [String]) in
            patterns.contains { WildcardPattern($0, caseInsensitive: true).matches(request.action) }
        }
        if let actions = statement.action { return matches(actions) }
        if let excluded = statement.notAction { return !matches(excluded) }
        return false
    }

    private func matchesResource(_ statement: PolicyStatement, type: PolicyType, variables: PolicyVariables) -> Bool {
        if let resources = statement.resource {
            return resources.contains { variables.pattern($0)?.matchesARN(request.resource) ?? false }
        }
        if let excluded = statement.notResource {
            // An exclusion whose variable has no value matches no resource, so it excludes nothing.
            let patterns = excluded.compactMap { variables.pattern($0) }
            return !patterns.contains { $0.matchesARN(request.resource) }
        }
        // A resource policy without Resource covers the resource it is attached to.
        return type == .resource
    }

    private func principalGrant(_ statement: PolicyStatement) -> PrincipalGrant? {
        if let named = statement.principal { return principal.grant(in: named) }
        if let excluded = statement.notPrincipal {
            if statement.effect == .deny && principalHasBoundary { return .direct }
            return principal.isExempted(by: excluded) ? nil : .direct
        }
        return nil
    }
}
