import Provisioning
import OrderedCollections

/// `Fn::ForEach` of the `AWS::LanguageExtensions` transform: a loop over a list that stamps out template fragments.
///
/// `Fn::ForEach::Name: [Identifier, Collection, {"Key${Identifier}": fragment}]` becomes one entry per item; in
/// keys, `Ref` targets and `Fn::Sub` strings `${Identifier}` is the item and `&{Identifier}` the item without
/// non-alphanumerics, and `{"Ref": Identifier}` is the item. Loops may nest.
public enum ForEachExpansion {
    /// Expands every loop in `value`; list parameters used as collections come from `parameters`.
    public static func expand(_ value: TemplateValue, parameters: [String: TemplateValue]) throws(TemplateError) -> TemplateValue {
        switch value {
        case .array(let items):
            var expanded: [TemplateValue] = []
            for item in items { expanded.append(try expand(item, parameters: parameters)) }
            return .array(expanded)
        case .object(let members):
            var result = OrderedDictionary<String, TemplateValue>()
            for (key, member) in members {
                if key.hasPrefix("Fn::ForEach::") {
                    for (generatedKey, generated) in try loop(key, member, parameters: parameters) {
                        guard result[generatedKey] == nil else {
                            throw .format("Fn::ForEach could not be resolved: \(key) generates the key \(generatedKey), which already exists")
                        }
                        result[generatedKey] = generated
                    }
                } else {
                    guard result[key] == nil else { throw .format("Fn::ForEach could not be resolved: duplicate key \(key)") }
                    result[key] = try expand(member, parameters: parameters)
                }
            }
            return .object(result)
        default:
            return value
        }
    }

    private static func loop(_ key: String, _ value: TemplateValue, parameters: [String: TemplateValue]) throws(TemplateError) -> OrderedDictionary<String, TemplateValue> {
        guard let parts = value.arrayValue, parts.count == 3, let identifier = parts[0].stringValue, Template.isAlphanumeric(identifier),
              let fragment = parts[2].objectValue
        else {
            throw .format("Fn::ForEach could not be resolved: \(key) must be a list of an identifier, a collection and a fragment")
        }
        let items: [String]
        switch parts[1] {
        case .array(let list):
            items = try list.map { item throws(TemplateError) in
                guard let text = item.scalarText else { throw .format("Fn::ForEach could not be resolved: the collection of \(key) must hold strings") }
                return text
            }
        case let reference where reference["Ref"]?.stringValue != nil:
            let name = reference["Ref"]?.stringValue ?? ""
            switch parameters[name] {
            case .array(let list)?: items = list.compactMap(\.scalarText)
            case .string(let text)?: items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            default: throw .format("Fn::ForEach could not be resolved: \(key) loops over \(name), which is not a list parameter")
            }
        default:
            throw .format("Fn::ForEach could not be resolved: the collection of \(key) must be a list or a Ref to a list parameter")
        }
        var generated = OrderedDictionary<String, TemplateValue>()
        for item in items {
            for (template, body) in fragment {
                let name = substitute(template, identifier: identifier, item: item)
                guard generated[name] == nil else {
                    throw .format("Fn::ForEach could not be resolved: \(key) generates the key \(name) more than once")
                }
                generated[name] = try expand(replace(body, identifier: identifier, item: item), parameters: parameters)
            }
        }
        return generated
    }

    private static func substitute(_ text: String, identifier: String, item: String) -> String {
        text.replacingOccurrences(of: "${\(identifier)}", with: item)
            .replacingOccurrences(of: "&{\(identifier)}", with: String(item.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }))
    }

    /// The fragment with the loop variable filled in: `Ref`s to it, `Fn::Sub` strings and keys.
    private static func replace(_ value: TemplateValue, identifier: String, item: String) -> TemplateValue {
        switch value {
        case .array(let items):
            return .array(items.map { replace($0, identifier: identifier, item: item) })
        case .object(let members):
            if let (function, argument) = value.singleEntry {
                if function == "Ref", let target = argument.stringValue {
                    return target == identifier ? .string(item) : .object(["Ref": .string(substitute(target, identifier: identifier, item: item))])
                }
                if function == "Fn::Sub" {
                    switch argument {
                    case .string(let text): return .object(["Fn::Sub": .string(substitute(text, identifier: identifier, item: item))])
                    case .array(let parts) where !parts.isEmpty:
                        var replaced = parts.map { replace($0, identifier: identifier, item: item) }
                        if let text = parts[0].stringValue { replaced[0] = .string(substitute(text, identifier: identifier, item: item)) }
                        return .object(["Fn::Sub": .array(replaced)])
                    default: break
                    }
                }
            }
            var replaced = OrderedDictionary<String, TemplateValue>()
            for (key, member) in members {
                replaced[substitute(key, identifier: identifier, item: item)] = replace(member, identifier: identifier, item: item)
            }
            return .object(replaced)
        default:
            return value
        }
    }
}
