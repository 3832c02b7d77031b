import Provisioning

/// The `Rules` section: assertions about parameter values, checked before a stack is created or updated. A rule
/// whose `RuleCondition` holds must have every `Assert` true; a false one refuses the operation with its
/// `AssertDescription`.
public enum TemplateRules {
    /// Throws the description of the first assertion that fails.
    public static func check(
        _ template: Template, parameters: [String: TemplateValue], accountID: String, region: String, stackName: String, stackID: String
    ) throws(TemplateError) {
        guard let rules = template.rules?.objectValue, !rules.isEmpty else { return }
        var context = EvaluationContext(parameters: parameters, accountID: accountID, region: region, stackName: stackName, stackID: stackID)
        context.mappings = template.mappings
        for (name, rule) in rules {
            if let condition = rule["RuleCondition"], try !truth(condition, template, context) { continue }
            guard let assertions = rule["Assertions"]?.arrayValue else {
                throw .format("Every Rules member must contain an Assertions list: \(name)")
            }
            for assertion in assertions {
                guard let assert = assertion["Assert"] else { throw .format("Every Assertions member must contain an Assert: \(name)") }
                if try !truth(assert, template, context) {
                    throw TemplateError(assertion["AssertDescription"]?.scalarText ?? "Template error: rule \(name) failed")
                }
            }
        }
    }

    static func truth(_ value: TemplateValue, _ template: Template, _ context: EvaluationContext) throws(TemplateError) -> Bool {
        let resolved = try Intrinsics.resolve(try expand(value, template, context), in: context)
        switch resolved {
        case .bool(let flag): return flag
        case .string(let text): return text == "true"
        default: throw TemplateError("Template error: a rule condition or assertion must be true or false")
        }
    }

    /// Replaces the rule-only functions (`Fn::Contains`, `Fn::EachMemberEquals`, `Fn::EachMemberIn`, `Fn::RefAll`)
    /// by their values; the rest is left to the intrinsic resolver.
    static func expand(_ value: TemplateValue, _ template: Template, _ context: EvaluationContext) throws(TemplateError) -> TemplateValue {
        func resolved(_ argument: TemplateValue) throws(TemplateError) -> TemplateValue? {
            try Intrinsics.resolve(try expand(argument, template, context), in: context)
        }
        func texts(_ argument: TemplateValue?) -> [String] {
            argument?.arrayValue?.compactMap(\.scalarText) ?? argument?.scalarText.map { [$0] } ?? []
        }
        switch value {
        case .array(let items):
            var expanded: [TemplateValue] = []
            for item in items { expanded.append(try expand(item, template, context)) }
            return .array(expanded)
        case .object(let members):
            if let (function, argument) = value.singleEntry {
                switch function {
                case "Fn::Contains", "Fn::EachMemberEquals", "Fn::EachMemberIn":
                    guard let parts = argument.arrayValue, parts.count == 2 else {
                        throw TemplateError("Template error: every \(function) object requires two parameters")
                    }
                    let list = texts(try resolved(parts[0])), other = try resolved(parts[1])
                    switch function {
                    case "Fn::Contains": return .bool(other?.scalarText.map(list.contains) ?? false)
                    case "Fn::EachMemberEquals": return .bool(list.allSatisfy { $0 == other?.scalarText })
                    default: return .bool(Set(list).isSubset(of: texts(other)))
                    }
                case "Fn::RefAll":
                    guard let type = argument.stringValue else { throw TemplateError("Template error: Fn::RefAll requires a parameter type") }
                    return .array(template.parameters.values.filter { $0.type == type }.flatMap { texts(context.parameters[$0.name]) }.map(TemplateValue.string))
                case "Fn::ValueOf", "Fn::ValueOfAll":
                    throw TemplateError("Template error: \(function) reads attributes of EC2 resources, which Slipway does not provide")
                default:
                    break
                }
            }
            var expanded = members
            for (key, member) in members { expanded[key] = try expand(member, template, context) }
            return .object(expanded)
        default:
            return value
        }
    }
}
