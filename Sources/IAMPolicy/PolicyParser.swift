import SlipwayCore

/// Reads policy JSON into a `PolicyDocument`, checking it in the order AWS does so the first fault reported matches.
struct PolicyParser {
    let kind: PolicyKind

    static let versions: Set<String> = ["2008-10-17", "2012-10-17"]
    static let topLevelFields: Set<String> = ["Version", "Id", "Statement"]
    static let statementFields: Set<String> = [
        "Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition",
    ]

    func parse(_ text: String) throws(PolicyError) -> PolicyDocument {
        let json: JSONValue
        do {
            json = try JSONValue.parse(text)
        } catch {
            throw fail(.invalidJSON)
        }
        guard case .object(let top) = json, DuplicateKeys.first(in: text) == nil else { throw fail(.invalidJSON) }
        if top.keys.contains(where: { !Self.topLevelFields.contains($0) }) { throw fail(.syntax) }
        let version = try optionalString(top["Version"])
        let id = try optionalString(top["Id"])
        let items: [JSONValue]
        switch top["Statement"] {
        case nil: throw fail(.missingStatement)
        case .object(let single)?: items = [.object(single)]
        case .array(let array)?:
            guard !array.isEmpty else { throw fail(.emptyStatement) }
            items = array
        default: throw fail(.syntax)
        }
        var raws: [RawStatement] = []
        for item in items { raws.append(try readStatement(item)) }

        if let version, !Self.versions.contains(version) { throw fail(.version) }
        try checkLegacyParsing(raws)
        try checkPrincipals(raws)
        try checkSids(raws)
        try checkActionsPresent(raws)
        try checkResources(raws)
        try checkActionNames(raws)
        try checkConditionKeys(raws)

        var statements: [PolicyStatement] = []
        for raw in raws { statements.append(try raw.statement(kind: kind)) }
        return PolicyDocument(version: version, id: id, statements: statements, kind: kind)
    }

    func fail(_ problem: PolicyProblem) -> PolicyError {
        PolicyError(problem, kind: kind)
    }

    // MARK: - Syntax

    private func optionalString(_ value: JSONValue?) throws(PolicyError) -> String? {
        guard let value else { return nil }
        guard case .string(let text) = value else { throw fail(.syntax) }
        return text
    }

    private func stringList(_ value: JSONValue?) throws(PolicyError) -> [String]? {
        guard let value else { return nil }
        guard let list = value.stringList else { throw fail(.syntax) }
        return list
    }

    private func readStatement(_ value: JSONValue) throws(PolicyError) -> RawStatement {
        guard case .object(let fields) = value else { throw fail(.syntax) }
        if fields.keys.contains(where: { !Self.statementFields.contains($0) }) { throw fail(.syntax) }
        for (element, negated) in [("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal")]
        where fields[element] != nil && fields[negated] != nil {
            throw fail(.syntax)
        }
        var raw = RawStatement()
        raw.sid = try optionalString(fields["Sid"])
        guard let effect = fields["Effect"] else { throw fail(.missingEffect) }
        guard case .string(let effectText) = effect else { throw fail(.syntax) }
        raw.effect = effectText
        raw.action = try stringList(fields["Action"])
        raw.notAction = try stringList(fields["NotAction"])
        raw.resource = try stringList(fields["Resource"])
        raw.notResource = try stringList(fields["NotResource"])
        raw.principal = fields["Principal"]
        raw.notPrincipal = fields["NotPrincipal"]
        if let condition = fields["Condition"] { raw.conditions = try readConditions(condition) }
        return raw
    }

    private func readConditions(_ value: JSONValue) throws(PolicyError) -> [ConditionClause] {
        guard case .object(let operators) = value else { throw fail(.syntax) }
        var clauses: [ConditionClause] = []
        for (name, body) in operators.sorted(by: { $0.key < $1.key }) {
            guard case .object(let keys) = body else { throw fail(.syntax) }
            var entries: [(String, [String])] = []
            for (key, values) in keys.sorted(by: { $0.key < $1.key }) {
                guard let texts = values.scalarList else { throw fail(.syntax) }
                entries.append((key, texts))
            }
            // An unknown operator with nothing under it is accepted and means nothing, as IAM does.
            guard let condition = ConditionOperator(name: name) else {
                if entries.isEmpty { continue }
                throw fail(.conditionType(name))
            }
            for (key, texts) in entries {
                clauses.append(ConditionClause(condition: condition, key: key, values: texts))
            }
        }
        return clauses
    }

    // MARK: - Semantics

    private func checkLegacyParsing(_ raws: [RawStatement]) throws(PolicyError) {
        for raw in raws {
            if raw.effect != "Allow" && raw.effect != "Deny" { throw fail(.invalidEffect(raw.effect)) }
            for clause in raw.conditions where clause.condition.base.isDate {
                for value in clause.values where ConditionValue.date(value) == nil { throw fail(.legacyParsing) }
            }
        }
    }

    private func checkPrincipals(_ raws: [RawStatement]) throws(PolicyError) {
        for raw in raws {
            let written = raw.principal ?? raw.notPrincipal
            switch kind {
            case .identity:
                if written != nil { throw fail(.principalNotAllowed) }
            case .resource, .trust:
                guard let written else { throw fail(.missingPrincipal) }
                _ = try readPrincipal(written)
            }
        }
    }

    func readPrincipal(_ value: JSONValue) throws(PolicyError) -> PrincipalSet {
        switch value {
        case .string("*"):
            if kind == .trust { throw fail(.principalNotObject) }
            return .anyone
        case .string:
            throw fail(kind == .trust ? .principalNotObject : .invalidPrincipal)
        case .object(let types) where !types.isEmpty:
            var set = PrincipalSet()
            for (type, names) in types {
                guard let list = names.stringList, !list.isEmpty, !list.contains("") else { throw fail(.invalidPrincipal) }
                switch type {
                case "AWS":
                    guard list.allSatisfy(Self.isAWSPrincipal) else { throw fail(.invalidPrincipal) }
                    set.aws = list
                case "Service": set.service = list
                case "Federated": set.federated = list
                case "CanonicalUser" where kind == .resource: set.canonicalUser = list
                default: throw fail(.invalidPrincipal)
                }
            }
            return set
        default:
            throw fail(.invalidPrincipal)
        }
    }

    /// `*`, an account number, an ARN, or a unique ID such as `AIDA…`.
    static func isAWSPrincipal(_ name: String) -> Bool {
        if name == "*" || AccountID(name) != nil || name.hasPrefix("arn:") { return true }
        return name.count >= 16 && name.allSatisfy { ($0.isASCII && $0.isUppercase) || $0.isNumber }
    }

    private func checkSids(_ raws: [RawStatement]) throws(PolicyError) {
        var seen: Set<String> = []
        for raw in raws {
            guard let sid = raw.sid, !sid.isEmpty else { continue }
            // Bucket and key policies allow spaces and punctuation in Sids; IAM does not.
            if kind != .resource, !sid.unicodeScalars.allSatisfy(Self.isSidCharacter) { throw fail(.sidFormat) }
            if !seen.insert(sid).inserted { throw fail(.duplicateSid) }
        }
    }

    /// `[0-9A-Za-z]`, the characters IAM allows in a Sid.
    static func isSidCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    private func checkActionsPresent(_ raws: [RawStatement]) throws(PolicyError) {
        for raw in raws where (raw.action ?? raw.notAction ?? []).isEmpty {
            throw fail(.missingAction)
        }
    }

    private func checkResources(_ raws: [RawStatement]) throws(PolicyError) {
        switch kind {
        case .trust:
            for raw in raws {
                if raw.resource != nil { throw fail(.prohibitedField("Resource")) }
                if raw.notResource != nil { throw fail(.prohibitedField("NotResource")) }
            }
        case .identity, .resource:
            for raw in raws {
                let resources = raw.resource ?? raw.notResource
                // Resource policies such as ECR's may leave Resource out: it is the resource they are attached to.
                if kind == .identity && resources == nil || resources?.isEmpty == true { throw fail(.missingResource) }
            }
            for raw in raws {
                for resource in raw.resource ?? raw.notResource ?? [] {
                    if let problem = ResourceFormat.problem(with: resource) { throw fail(problem) }
                }
            }
        }
    }

    private func checkActionNames(_ raws: [RawStatement]) throws(PolicyError) {
        for raw in raws {
            for action in raw.action ?? raw.notAction ?? [] {
                let parts = action.split(separator: ":", omittingEmptySubsequences: false)
                if parts.count == 1 && action != "*" { throw fail(.actionVendor) }
                if parts.count > 2 { throw fail(.actionColons) }
                let vendor = parts[0]
                if action != "*", !vendor.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }) {
                    throw fail(.invalidVendor(String(vendor)))
                }
                if kind == .trust, !TrustActions.allows(action) { throw fail(.trustAction) }
            }
        }
    }

    private func checkConditionKeys(_ raws: [RawStatement]) throws(PolicyError) {
        for raw in raws {
            for clause in raw.conditions where !clause.key.contains(":") { throw fail(.actionVendor) }
        }
    }
}
