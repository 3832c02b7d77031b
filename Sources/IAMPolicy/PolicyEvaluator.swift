/// Evaluates a request against every policy that bears on it, following AWS's documented evaluation logic.
///
/// An explicit deny in any policy wins. The root user may do anything in its own account. In one
/// account an identity policy or a resource policy may allow, but a permissions boundary and
/// session policies must also allow unless the resource policy names the user or session itself;
/// across accounts the principal's side and the resource policy must both allow. Anonymous and
/// service principals are allowed only by a resource policy.
public enum PolicyEvaluator {
    public static func evaluate(_ request: AuthorizationRequest, policies: PolicySet) -> Decision {
        let matcher = StatementMatcher(request: request, principalHasBoundary: policies.permissionsBoundary != nil)
        let principal = request.principal
        let hasIdentity: Bool
        switch principal.kind {
        case .user, .assumedRole: hasIdentity = true
        case .root, .service, .anonymous: hasIdentity = false
        }
        let identity = hasIdentity ? PolicyResult(policies.identity, type: .identity, matcher: matcher) : .empty(.identity)
        let boundary = hasIdentity
            ? policies.permissionsBoundary.map { PolicyResult([$0], type: .boundary, matcher: matcher) } : nil
        let session = hasIdentity
            ? policies.sessionPolicies.map { PolicyResult($0, type: .session, matcher: matcher) } : nil
        let resource = policies.resource.map { PolicyResult([$0], type: .resource, matcher: matcher) }

        let consulted = [identity, resource, boundary, session].compactMap { $0 }
        if let denying = consulted.first(where: { !$0.denies.isEmpty }) {
            return Decision(outcome: .explicitDeny(denying.type), matchedStatements: consulted.flatMap(\.denies))
        }

        let grant = resource?.grant
        let resourceAllows = resource?.allows ?? []
        let sameAccount = request.owningAccount == principal.account
        switch principal.kind {
        case .anonymous, .service:
            guard grant != nil else { return Decision(outcome: .implicitDeny(.resource)) }
            return Decision(outcome: .allowed, matchedStatements: resourceAllows)
        case .root:
            if sameAccount && !policies.resourcePolicyRequired {
                return Decision(outcome: .allowed, matchedStatements: resourceAllows)
            }
            guard grant != nil else { return Decision(outcome: .implicitDeny(.resource)) }
            return Decision(outcome: .allowed, matchedStatements: resourceAllows)
        case .user, .assumedRole:
            break
        }

        let limits = [boundary, session].compactMap { $0 }
        if sameAccount {
            if policies.resourcePolicyRequired && grant == nil { return Decision(outcome: .implicitDeny(.resource)) }
            switch grant {
            case .direct?:
                return Decision(outcome: .allowed, matchedStatements: resourceAllows)
            case .role?:
                if let failing = limits.first(where: { $0.allows.isEmpty }) {
                    return Decision(outcome: .implicitDeny(failing.type))
                }
                return Decision(outcome: .allowed, matchedStatements: resourceAllows + limits.flatMap(\.allows))
            case .account?, nil:
                break
            }
        }
        if let failing = ([identity] + limits).first(where: { $0.allows.isEmpty }) {
            return Decision(outcome: .implicitDeny(failing.type))
        }
        if !sameAccount && grant == nil { return Decision(outcome: .implicitDeny(.resource)) }
        return Decision(outcome: .allowed, matchedStatements: identity.allows + limits.flatMap(\.allows) + resourceAllows)
    }
}
