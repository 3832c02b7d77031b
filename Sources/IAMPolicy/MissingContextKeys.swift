/// The condition keys a simulation needed but was not given: every key a condition of an applicable statement (one
/// whose action matches) tests, or a policy variable in its resource names, that the request context lacks — what
/// `SimulateCustomPolicy` and `SimulatePrincipalPolicy` report as `MissingContextValues`.
public enum MissingContextKeys {
    public static func of(_ request: AuthorizationRequest, policies: PolicySet) -> [String] {
        let context = request.evaluationContext
        var missing: [String] = []
        var seen: Set<String> = []
        let documents = policies.identity + [policies.resource, policies.permissionsBoundary].compactMap { $0 } + (policies.sessionPolicies ?? [])
        for statement in documents.flatMap(\.document.statements) where applies(statement, to: request.action) {
            var keys = statement.conditions.map(\.key)
            for written in (statement.resource ?? []) + (statement.notResource ?? []) + statement.conditions.flatMap(\.values) {
                keys += variables(in: written)
            }
            for key in keys where context[key] == nil && seen.insert(key.lowercased()).inserted {
                missing.append(key)
            }
        }
        return missing
    }

    static func applies(_ statement: PolicyStatement, to action: String) -> Bool {
        let matches = { (patterns: [String]) in patterns.contains { WildcardPattern($0, caseInsensitive: true).matches(action) } }
        if let actions = statement.action { return matches(actions) }
        if let excluded = statement.notAction { return !matches(excluded) }
        return false
    }

    /// The context keys `${key}` and `${key, 'default'}` variables name (not `${*}`, `${?}`, `${$}`).
    static func variables(in text: String) -> [String] {
        var keys: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else { break }
            let inside = rest[start.upperBound..<end].split(separator: ",", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if inside.contains(":") { keys.append(inside) }
            rest = rest[rest.index(after: end)...]
        }
        return keys
    }
}
