/// Decides whether one condition clause holds for a request context, by AWS's rules for each operator family.
///
/// Values of one key are alternatives (a negated operator holds when none matches). A key
/// missing from the request fails a matching operator and passes a negated one; `...IfExists`
/// passes it; `ForAllValues` passes and `ForAnyValue` fails an empty or missing key.
struct ConditionEvaluator {
    let variables: PolicyVariables

    var context: ConditionContext { variables.context }

    func holds(_ clause: ConditionClause) -> Bool {
        let condition = clause.condition
        let requestValues = context[clause.key] ?? []
        if condition.base == .null {
            return clause.values.contains { value in
                switch value.lowercased() {
                case "true": requestValues.isEmpty
                case "false": !requestValues.isEmpty
                default: false
                }
            }
        }
        // ForAllValues holds for a key that resolves to an empty set, an empty string included.
        if condition.qualifier == .forAllValues, requestValues.allSatisfy(\.isEmpty) { return true }
        if requestValues.isEmpty {
            if condition.ifExists { return true }
            switch condition.qualifier {
            case .forAllValues: return true
            case .forAnyValue: return false
            case nil: return condition.base.isNegated
            }
        }
        // A policy value whose variable has no value matches nothing: a matching operator cannot hold on it, an
        // inverted one (StringNotEquals, StringNotLike) holds, as the policy-variables documentation says.
        let matchers = policyMatchers(clause)
        let matchesAny: (String) -> Bool = { value in matchers.contains { $0.matches(value) } }
        let negated = condition.base.isNegated
        switch condition.qualifier {
        case .forAllValues:
            return requestValues.allSatisfy { negated != matchesAny($0) }
        case .forAnyValue:
            return requestValues.contains { negated != matchesAny($0) }
        case nil:
            return negated != requestValues.contains(where: matchesAny)
        }
    }

    /// The matchers of the clause's policy values; a value whose variable has no value gives none.
    private func policyMatchers(_ clause: ConditionClause) -> [ValueMatcher] {
        clause.values.compactMap { matcher(for: clause.condition.base, $0) }
    }

    private func matcher(for base: ConditionOperator.Base, _ written: String) -> ValueMatcher? {
        let resolve = base.substitutesVariables ? variables : PolicyVariables(context: context, enabled: false)
        switch base {
        case .stringEquals, .stringNotEquals:
            return resolve.text(written).map(ValueMatcher.equals)
        case .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase:
            return resolve.text(written).map { .equalsIgnoringCase($0.lowercased()) }
        case .stringLike, .stringNotLike:
            return resolve.pattern(written).map(ValueMatcher.like)
        case .arnEquals, .arnLike, .arnNotEquals, .arnNotLike:
            return resolve.pattern(written).map(ValueMatcher.arn)
        case .bool:
            return resolve.text(written).map { .equalsIgnoringCase($0.lowercased()) }
        case .numericEquals, .numericNotEquals:
            return .number(ConditionValue.number(written), .equal)
        case .numericLessThan:
            return .number(ConditionValue.number(written), .less)
        case .numericLessThanEquals:
            return .number(ConditionValue.number(written), .lessOrEqual)
        case .numericGreaterThan:
            return .number(ConditionValue.number(written), .greater)
        case .numericGreaterThanEquals:
            return .number(ConditionValue.number(written), .greaterOrEqual)
        case .dateEquals, .dateNotEquals:
            return .date(ConditionValue.date(written), .equal)
        case .dateLessThan:
            return .date(ConditionValue.date(written), .less)
        case .dateLessThanEquals:
            return .date(ConditionValue.date(written), .lessOrEqual)
        case .dateGreaterThan:
            return .date(ConditionValue.date(written), .greater)
        case .dateGreaterThanEquals:
            return .date(ConditionValue.date(written), .greaterOrEqual)
        case .binaryEquals:
            return .bytes(ConditionValue.bytes(written))
        case .ipAddress, .notIpAddress:
            return .ipRange(IPAddressRange(written))
        case .null:
            return nil
        }
    }
}
