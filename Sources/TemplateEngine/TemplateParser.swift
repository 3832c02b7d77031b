import Provisioning
import Foundation
import OrderedCollections
import SlipwayCore
import Yams

/// Reads template text — JSON, or YAML with CloudFormation's short-form tags — into a `TemplateValue`.
public enum TemplateParser {
    /// The short forms whose long form is not `Fn::` + the tag's name.
    private static let plainForms: Set<String> = ["Ref", "Condition"]

    public static func parse(_ text: String) throws(TemplateError) -> TemplateValue {
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.first == "{" {
            return try parseJSON(text)
        }
        return try parseYAML(text)
    }

    private static func parseJSON(_ text: String) throws(TemplateError) -> TemplateValue {
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(text.utf8))
        } catch {
            throw .format("JSON not well-formed. \(position(in: String(describing: error)) ?? "")".trimmingCharacters(in: .whitespaces))
        }
        // Valid JSON is YAML too, and YAML keeps key order; the rare escape libyaml reads differently falls back.
        if let ordered = try? parseYAML(text), ordered.jsonValue == value(fromJSON: json).jsonValue { return ordered }
        return value(fromJSON: json)
    }

    private static func value(fromJSON json: Any) -> TemplateValue {
        switch json {
        case let text as String: return .string(text)
        case let number as NSNumber:
            if JSONBoolean.isBoolean(number) { return .bool(number.boolValue) }
            return .number(number.stringValue)
        case let array as [Any]: return .array(array.map(value(fromJSON:)))
        case let object as [String: Any]:
            return .object(OrderedDictionary(uniqueKeysWithValues: object.keys.sorted().map { ($0, value(fromJSON: object[$0] as Any)) }))
        default: return .null
        }
    }

    private static func parseYAML(_ text: String) throws(TemplateError) -> TemplateValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            throw .format("YAML not well-formed. Duplicate key \(keys) (line \(context.mark.line), column \(context.mark.column))")
        } catch {
            throw .format("YAML not well-formed. \(position(in: String(describing: error)) ?? "")".trimmingCharacters(in: .whitespaces))
        }
        guard let node else { throw .format("At least one Resources member must be defined.") }
        return try convert(node)
    }

    /// "(line L, column C)" from a parser's error text that starts with "L:C:".
    private static func position(in description: String) -> String? {
        let parts = description.split(separator: ":", maxSplits: 2)
        guard parts.count >= 2, let line = Int(parts[0].trimmingCharacters(in: .whitespaces)), let column = Int(parts[1]) else { return nil }
        return "(line \(line), column \(column))"
    }

    private static func convert(_ node: Node) throws(TemplateError) -> TemplateValue {
        let tag = node.tag.rawValue
        if tag.hasPrefix("!"), !tag.hasPrefix("!!") {
            return try shortForm(String(tag.dropFirst()), node)
        }
        return try plain(node)
    }

    /// `!Ref x` → `{"Ref": x}`, `!GetAtt a.b` → `{"Fn::GetAtt": ["a", "b"]}`, `!Sub s` → `{"Fn::Sub": s}`, …
    private static func shortForm(_ name: String, _ node: Node) throws(TemplateError) -> TemplateValue {
        var argument = try plain(node)
        if name == "GetAtt", let path = argument.stringValue {
            guard let dot = path.firstIndex(of: ".") else {
                throw .format("Template error: every Fn::GetAtt object requires two non-empty parameters")
            }
            argument = .array([.string(String(path[..<dot])), .string(String(path[path.index(after: dot)...]))])
        }
        let key = plainForms.contains(name) ? name : "Fn::\(name)"
        return .object([key: argument])
    }

    /// A node without its own short-form tag (its children may have them).
    private static func plain(_ node: Node) throws(TemplateError) -> TemplateValue {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain || scalar.style == .any else { return .string(scalar.string) }
            switch node.tag.rawValue {
            case Tag.Name.null.rawValue: return .null
            case Tag.Name.bool.rawValue: return node.bool.map(TemplateValue.bool) ?? .string(scalar.string)
            case Tag.Name.int.rawValue, Tag.Name.float.rawValue: return .number(scalar.string)
            default: return .string(scalar.string)  // timestamps such as 2010-09-09 stay the text they are
            }
        case .sequence(let sequence):
            var items: [TemplateValue] = []
            for item in sequence { items.append(try convert(item)) }
            return .array(items)
        case .mapping(let mapping):
            var members = OrderedDictionary<String, TemplateValue>()
            for (key, value) in mapping {
                members[key.string ?? ""] = try convert(value)  // the parser refuses duplicate keys
            }
            return .object(members)
        case .alias:
            return .null
        }
    }
}

/// Tells a JSON boolean from a JSON number, which Foundation hands back as the same type.
enum JSONBoolean {
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}
