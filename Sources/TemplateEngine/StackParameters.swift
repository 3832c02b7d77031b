import Provisioning
/// A stack's parameter values: the given ones, the template's defaults, each checked against its declaration.
public enum StackParameters {
    /// Values for every declared parameter (lists as arrays), with CloudFormation's messages for what is missing,
    /// unknown or out of bounds.
    public static func resolve(_ template: Template, given: [String: String]) throws(TemplateError) -> [String: TemplateValue] {
        let unknown = given.keys.filter { template.parameters[$0] == nil }.sorted()
        if !unknown.isEmpty { throw TemplateError("Parameters: [\(unknown.joined(separator: ", "))] do not exist in the template") }
        let missing = template.parameters.values.filter { given[$0.name] == nil && $0.defaultValue == nil }.map(\.name)
        if !missing.isEmpty { throw TemplateError("Parameters: [\(missing.joined(separator: ", "))] must have values") }
        var values: [String: TemplateValue] = [:]
        for declaration in template.parameters.values {
            let text = given[declaration.name] ?? declaration.defaultValue ?? ""
            try declaration.check(text)
            values[declaration.name] = declaration.isList
                ? .array(text.isEmpty ? [] : text.split(separator: ",", omittingEmptySubsequences: false).map { .string($0.trimmingCharacters(in: .whitespaces)) })
                : .string(text)
        }
        return values
    }
}
