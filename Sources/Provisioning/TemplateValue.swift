import Foundation
import OrderedCollections
import SlipwayCore

/// A template's data as written: objects keep their keys in template order, numbers keep the text they were
/// written with (CloudFormation hands most of them to providers as strings).
public enum TemplateValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([TemplateValue])
    case object(OrderedDictionary<String, TemplateValue>)

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var objectValue: OrderedDictionary<String, TemplateValue>? { if case .object(let o) = self { o } else { nil } }
    public var arrayValue: [TemplateValue]? { if case .array(let a) = self { a } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }

    public subscript(key: String) -> TemplateValue? { objectValue?[key] }

    /// A scalar as the text CloudFormation would use for it (strings, numbers, booleans); nil for the rest.
    public var scalarText: String? {
        switch self {
        case .string(let text), .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null, .array, .object: nil
        }
    }

    /// The single key of a one-key object, and its value: how intrinsic functions are written.
    public var singleEntry: (key: String, value: TemplateValue)? {
        guard let object = objectValue, object.count == 1, let first = object.elements.first else { return nil }
        return (first.key, first.value)
    }

    /// Whether this is an intrinsic function call (`Ref`, `Condition`, `Fn::…`), whose value is known only once resolved.
    public var isIntrinsicFunction: Bool {
        guard let (key, _) = singleEntry else { return false }
        return key == "Ref" || key == "Condition" || key.hasPrefix("Fn::")
    }

    /// JSON text with keys in their order and numbers as written (when they are JSON numbers); `TemplateParser`
    /// reads it back to the same value, which is how stored properties keep their exact form.
    public var jsonText: String {
        switch self {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text):
            return text.range(of: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$"#, options: .regularExpression) != nil ? text : Self.quoted(text)
        case .string(let text): return Self.quoted(text)
        case .array(let items): return "[" + items.map(\.jsonText).joined(separator: ",") + "]"
        case .object(let members): return "{" + members.map { Self.quoted($0.key) + ":" + $0.value.jsonText }.joined(separator: ",") + "}"
        }
    }

    private static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The same data as plain JSON (key order is not kept there).
    public var jsonValue: JSONValue {
        switch self {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let text): Double(text).map { .number($0) } ?? .string(text)
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(\.jsonValue))
        case .object(let members): .object(Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value.jsonValue) }))
        }
    }
}
