import Provisioning
import Foundation
import OrderedCollections
import SlipwayCore

/// Resolves intrinsic functions (`Ref`, `Fn::Sub`, `Fn::If`, …) in template values, with CloudFormation's errors.
public enum Intrinsics {
    /// The value with every intrinsic resolved; nil when it resolved to `AWS::NoValue` (the property is dropped).
    public static func resolve(_ value: TemplateValue, in context: EvaluationContext) throws(TemplateError) -> TemplateValue? {
        switch value {
        case .array(let items):
            var resolved: [TemplateValue] = []
            for item in items {
                if let value = try resolve(item, in: context) { resolved.append(value) }
            }
            return .array(resolved)
        case .object(let members):
            if let (name, argument) = value.singleEntry, name == "Ref" || name == "Condition" || name.hasPrefix("Fn::") {
                return try function(name, argument, context)
            }
            var resolved = OrderedDictionary<String, TemplateValue>()
            for (key, member) in members {
                if let value = try resolve(member, in: context) { resolved[key] = value }
            }
            return .object(resolved)
        default:
            return value
        }
    }

    /// Evaluates every named condition (they may refer to one another), in dependency order.
    public static func evaluateConditions(_ conditions: OrderedDictionary<String, TemplateValue>, in context: EvaluationContext) throws(TemplateError) -> [String: Bool] {
        var values: [String: Bool] = [:]
        var visiting: Set<String> = []
        func evaluate(_ name: String) throws(TemplateError) -> Bool {
            if let known = values[name] { return known }
            guard let definition = conditions[name] else { throw TemplateError("Template error: unresolved condition dependency \(name) in Fn::If") }
            guard visiting.insert(name).inserted else { throw TemplateError("Template error: Circular dependency between conditions: [\(name)]") }
            var scoped = context
            for dependency in conditionReferences(in: definition) where dependency != name {
                scoped.conditions[dependency] = try evaluate(dependency)
            }
            let result = try boolean(definition, scoped)
            visiting.remove(name)
            values[name] = result
            return result
        }
        for name in conditions.keys { _ = try evaluate(name) }
        return values
    }

    /// The condition names `{"Condition": name}` mentions inside a condition definition.
    static func conditionReferences(in value: TemplateValue) -> [String] {
        switch value {
        case .object(let members):
            if let (name, argument) = value.singleEntry, name == "Condition", let target = argument.stringValue { return [target] }
            return members.values.flatMap(conditionReferences(in:))
        case .array(let items): return items.flatMap(conditionReferences(in:))
        default: return []
        }
    }

    private static func function(_ name: String, _ argument: TemplateValue, _ context: EvaluationContext) throws(TemplateError) -> TemplateValue? {
        switch name {
        case "Ref": return try reference(argument, context)
        case "Condition":
            guard let conditionName = argument.stringValue, let value = context.conditions[conditionName] else {
                throw TemplateError("Template error: unresolved condition dependency \(argument.scalarText ?? "") in Fn::If")
            }
            return .bool(value)
        case "Fn::If": return try conditional(argument, context)
        case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not": return .bool(try boolean(.object([name: argument]), context))
        case "Fn::Join": return try join(argument, context)
        case "Fn::Select": return try select(argument, context)
        case "Fn::Split": return try split(argument, context)
        case "Fn::Sub": return try substitute(argument, context)
        case "Fn::GetAtt": return try getAttribute(argument, context)
        case "Fn::FindInMap": return try findInMap(argument, context)
        case "Fn::Base64":
            guard let text = try resolve(argument, in: context)?.scalarText else { throw TemplateError("Template error: every Fn::Base64 object must contain a String") }
            return .string(Data(text.utf8).base64EncodedString())
        case "Fn::GetAZs":
            let region = try resolve(argument, in: context)?.scalarText ?? ""
            return .array(context.availabilityZones(region.isEmpty ? context.region : region).map(TemplateValue.string))
        case "Fn::ImportValue":
            guard let exportName = try resolve(argument, in: context)?.scalarText else { throw TemplateError("Template error: every Fn::ImportValue object must contain a String") }
            guard let value = context.importedValue(exportName) else { throw TemplateError("No export named \(exportName) found. Rollback requested by user.") }
            return .string(value)
        case "Fn::Cidr": return try cidr(argument, context)
        case "Fn::ToJsonString":
            guard let value = try resolve(argument, in: context) else { return .string("null") }
            return .string(value.jsonValue.serialized())
        case "Fn::Length":
            guard let items = try resolve(argument, in: context)?.arrayValue else { throw TemplateError("Template error: Fn::Length requires a list") }
            return .number(String(items.count))
        default:
            throw TemplateError("Template format error: Unrecognized intrinsic function \(name)")
        }
    }

    private static func reference(_ argument: TemplateValue, _ context: EvaluationContext) throws(TemplateError) -> TemplateValue? {
        guard let name = argument.stringValue else { throw TemplateError("Template format error: Every Ref object must have a single String value.") }
        if name == "AWS::NoValue" { return nil }
        if let value = context.parameters[name] ?? context.pseudoParameter(name) ?? context.reference(name) { return value }
        throw TemplateError("Template format error: Unresolved resource dependencies [\(name)] in the Resources block of the template")
    }

    private static func conditional(_ argument: TemplateValue, _ context: EvaluationContext) throws(TemplateError) -> TemplateValue? {
        guard let parts = argument.arrayValue, parts.count == 3, let name = parts[0].stringValue else {
            throw TemplateError("Template error: Fn::If requires a list argument with three elements")
        }
        guard let value = context.conditions[name] else { throw TemplateError("Template error: unresolved condition dependency \(name) in Fn::If") }
        return try resolve(value ? parts[1] : parts[2], in: context)
    }

    /// A condition expression's truth: `Fn::Equals`, `Fn::And`, `Fn::Or`, `Fn::Not`, `Condition`.
    static func boolean(_ value: TemplateValue, _ context: EvaluationContext) throws(TemplateError) -> Bool {
        guard let (name, argument) = value.singleEntry else {
            if let flag = value.boolValue { return flag }
            throw TemplateError("Template format error: Conditions can only be boolean operations on parameters and other conditions")
        }
        switch name {
        case "Fn::Equals":
            guard let parts = argument.arrayValue, parts.count == 2 else { throw TemplateError("Template error: every Fn::Equals object requires a list of 2 string parameters.") }
            return try comparable(resolve(parts[0], in: context)) == comparable(resolve(parts[1], in: context))
        case "Fn::And", "Fn::Or":
            guard let parts = argument.arrayValue, (2...10).contains(parts.count) else {
                throw TemplateError("Template error: every \(name) object requires a list of at least 2 and at most 10 boolean parameters.")
            }
            var results: [Bool] = []
            for part in parts { results.append(try boolean(part, context)) }
            return name == "Fn::And" ? results.allSatisfy { $0 } : results.contains(true)
        case "Fn::Not":
            guard let parts = argument.arrayValue, parts.count == 1 else { throw TemplateError("Template error: Fn::Not requires a list argument with one element") }
            return !(try boolean(parts[0], context))
        case "Condition":
            guard let conditionName = argument.stringValue, let known = context.conditions[conditionName] else {
                throw TemplateError("Template error: unresolved condition dependency \(argument.scalarText ?? "") in Fn::If")
            }
            return known
        default:
            throw TemplateError("Template format error: Conditions can only be boolean operations on parameters and other conditions")
        }
    }

    /// Values as `Fn::Equals` compares them: scalars by their text, lists item by item.
    private static func comparable(_ value: TemplateValue?) -> TemplateValue? {
        switch value {
        case .bool, .number, .string: value?.scalarText.map(TemplateValue.string)
        case .array(let items): .array(items.map { comparable($0) ?? .null })
        default: value
        }
    }

    private static func join(_ argument: TemplateValue, _ context: EvaluationContext) throws(TemplateError) -> TemplateValue {
        let usage = TemplateError("Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.")
        guard let parts = argument.arrayValue, parts.count == 2, let delimiter = parts[0].stringValue,
              let items = try resolve(parts[1], in: context)?.arrayValue
        else { throw usage }
        var texts: [String] = []
        for item in items {
            guard let text = item.scalarText else { throw usage }
            texts.append(text)
        }
        return .string(texts.joined(separator: delimiter))
    }

    private static func select(_ argument: TemplateValue, _ context: EvaluationContext) throws(TemplateError) -> TemplateValue? {
        guard let parts = argument.arrayValue, parts.count == 2, let indexText = try resolve(parts[0], in: context)?.scalarText, let index = Int(indexText),
              let items = try resolve(parts[1], in: context)?.arrayValue
        else {
            throw TemplateError("Template error: every Fn::Select object requires two parameters, (1) an index and (2) a list of objects or a function that returns a list of objects.")
        }
        guard items.indices.contains(index) else { throw TemplateError("Template error: Fn::Select cannot select nonexistent value at index \(index)") }
        return items[index]
    }

    private static func split(_ argument: TemplateValue, _ context: EvaluationContext) throws(TemplateError) -> TemplateValue {
        guard let parts = argument.arrayValue, parts.count == 2, let delimiter = parts[0].stringValue, !delimiter.isEmpty,
              let source = try resolve(parts[1], in: context)?.scalarText
        else {
            throw TemplateError("Template error: every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.")
        }
        return .array(source.components(separatedBy: delimiter).map(TemplateValue.string))
    }

    private static func getAttribute(_ argument: TemplateValue, _ context: EvaluationContext) throws(TemplateError) -> TemplateValue {
        guard let parts = argument.arrayValue, parts.count == 2, let resource = parts[0].stringValue,
              let attribute = try resolve(parts[1], in: context)?.scalarText
        else { throw TemplateError("Template error: every Fn::GetAtt object requires two non-empty parameters") }
        guard let value = context.attribute(resource, attribute) else {
            if context.reference(resource) == nil {
                throw TemplateError("Template error: instance of Fn::GetAtt references undefined resource \(resource)")
            }
            throw TemplateError("Template error: resource \(resource) does not support attribute type \(attribute) in Fn::GetAtt")
        }
        return value
    }

    private static func findInMap(_ argument: TemplateValue, _ context: EvaluationContext) throws(TemplateError) -> TemplateValue? {
        guard let parts = argument.arrayValue, parts.count == 3 || parts.count == 4 else {
            throw TemplateError("Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value")
        }
        var keys: [String] = []
        for part in parts.prefix(3) {
            guard let key = try resolve(part, in: context)?.scalarText else {
                throw TemplateError("Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value")
            }
            keys.append(key)
        }
        if let found = context.mappings[keys[0]]?[keys[1]]?[keys[2]] { return try resolve(found, in: context) }
        // AWS::LanguageExtensions: a fourth argument {DefaultValue: …} answers a missing key.
        if parts.count == 4, let fallback = parts[3]["DefaultValue"] { return try resolve(fallback, in: context) }
        throw TemplateError("Template error: Unable to get mapping for \(keys[0])::\(keys[1])::\(keys[2])")
    }

    /// `Fn::Sub`: `${Name}` is a parameter, pseudo parameter or resource, `${Resource.Attribute}` an attribute,
    /// `${!Literal}` the text `${Literal}`; the map form adds variables of its own.
    private static func substitute(_ argument: TemplateValue, _ context: EvaluationContext) throws(TemplateError) -> TemplateValue {
        var template: String
        var variables: [String: String] = [:]
        switch argument {
        case .string(let text): template = text
        case .array(let parts) where parts.count == 2:
            guard let text = parts[0].stringValue, let map = parts[1].objectValue else {
                throw TemplateError("Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string")
            }
            template = text
            for (name, value) in map {
                guard let text = try resolve(value, in: context)?.scalarText else {
                    throw TemplateError("Template error: variable \(name) in Fn::Sub expression does not resolve to a string")
                }
                variables[name] = text
            }
        default:
            throw TemplateError("Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string")
        }
        var output = ""
        while let open = template.range(of: "${") {
            output += template[..<open.lowerBound]
            guard let close = template[open.upperBound...].firstIndex(of: "}") else {
                output += template[open.lowerBound...]
                template = ""
                break
            }
            let name = String(template[open.upperBound..<close])
            template = String(template[template.index(after: close)...])
            if name.hasPrefix("!") {
                output += "${" + name.dropFirst() + "}"
                continue
            }
            if let value = variables[name] {
                output += value
            } else if let dot = name.firstIndex(of: "."), context.parameters[name] == nil {
                let resource = String(name[..<dot]), attribute = String(name[name.index(after: dot)...])
                guard let text = try getAttribute(.array([.string(resource), .string(attribute)]), context).scalarText else {
                    throw TemplateError("Template error: variable \(name) in Fn::Sub expression does not resolve to a string")
                }
                output += text
            } else {
                guard let text = try reference(.string(name), context)?.scalarText else {
                    throw TemplateError("Template error: variable \(name) in Fn::Sub expression does not resolve to a string")
                }
                output += text
            }
        }
        return .string(output + template)
    }

    /// `Fn::Cidr [ipBlock, count, cidrBits]`: `count` consecutive subnets with `cidrBits` host bits each (IPv4).
    private static func cidr(_ argument: TemplateValue, _ context: EvaluationContext) throws(TemplateError) -> TemplateValue {
        let usage = TemplateError("Template error: every Fn::Cidr object requires three parameters, (1) an ip block, (2) the count of subnets and (3) the cidr bits for each subnet")
        guard let parts = argument.arrayValue, parts.count == 3,
              let block = try resolve(parts[0], in: context)?.scalarText,
              let count = try resolve(parts[1], in: context)?.scalarText.flatMap({ Int($0) }),
              let bits = try resolve(parts[2], in: context)?.scalarText.flatMap({ Int($0) }),
              let slash = block.firstIndex(of: "/"), let prefix = Int(block[block.index(after: slash)...])
        else { throw usage }
        let octets = block[..<slash].split(separator: ".").compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 < 256 }), (0...32).contains(prefix), (1...256).contains(count), (1...32).contains(bits), 32 - bits >= prefix else {
            throw usage
        }
        let base = octets.reduce(UInt32(0)) { $0 << 8 | $1 } & (prefix == 0 ? 0 : ~UInt32(0) << UInt32(32 - prefix))
        let size = UInt64(1) << UInt64(bits)
        guard UInt64(count) * size <= UInt64(1) << UInt64(32 - prefix) else {
            throw TemplateError("Template error: Fn::Cidr cannot fit \(count) subnets of \(32 - bits) bits in \(block)")
        }
        return .array((0..<count).map { index in
            let address = UInt32(UInt64(base) + UInt64(index) * size)
            let text = [24, 16, 8, 0].map { String(address >> UInt32($0) & 0xFF) }.joined(separator: ".")
            return .string("\(text)/\(32 - bits)")
        })
    }
}
