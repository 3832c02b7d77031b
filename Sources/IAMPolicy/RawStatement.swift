import SlipwayCore

/// A statement as read, before its elements are checked against the grammar.
struct RawStatement {
    var sid: String?
    var effect = ""
    var principal: JSONValue?
    var notPrincipal: JSONValue?
    var action: [String]?
    var notAction: [String]?
    var resource: [String]?
    var notResource: [String]?
    var conditions: [ConditionClause] = []

    func statement(kind: PolicyKind) throws(PolicyError) -> PolicyStatement {
        let parser = PolicyParser(kind: kind)
        return PolicyStatement(
            sid: sid,
            effect: effect == "Deny" ? .deny : .allow,
            principal: try principal.map { value throws(PolicyError) in try parser.readPrincipal(value) },
            notPrincipal: try notPrincipal.map { value throws(PolicyError) in try parser.readPrincipal(value) },
            action: action,
            notAction: notAction,
            resource: resource,
            notResource: notResource,
            conditions: conditions
        )
    }
}
