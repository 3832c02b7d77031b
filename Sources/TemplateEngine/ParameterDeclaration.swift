import Provisioning
import Foundation

/// A template parameter as declared: its type and the constraints a value must meet.
public struct ParameterDeclaration: Sendable, Hashable {
    public var name: String
    public var type: String
    public var defaultValue: String?
    public var allowedValues: [String]?
    public var allowedPattern: String?
    public var minLength: Int?
    public var maxLength: Int?
    public var minValue: Double?
    public var maxValue: Double?
    public var constraintDescription: String?
    public var description: String?
    public var noEcho: Bool

    static let attributes: Set<String> = [
        "Type", "Default", "AllowedValues", "AllowedPattern", "MinLength", "MaxLength", "MinValue", "MaxValue",
        "ConstraintDescription", "Description", "NoEcho",
    ]

    /// Whether the value is a list (`List<…>`, `CommaDelimitedList`): checked item by item.
    public var isList: Bool { type == "CommaDelimitedList" || type.hasPrefix("List<") }

    /// Whether `type` is one CloudFormation knows: the basic ones and the `AWS::` typed ones (taken as strings).
    static func isKnownType(_ type: String) -> Bool {
        if ["String", "Number", "List<Number>", "CommaDelimitedList"].contains(type) { return true }
        if type.hasPrefix("AWS::"), !type.hasSuffix("::") { return true }
        if type.hasPrefix("List<AWS::"), type.hasSuffix(">") { return true }
        return false
    }

    init(name: String, _ value: TemplateValue) throws(TemplateError) {
        guard let members = value.objectValue else { throw .format("Every Parameters object must contain a Type member.") }
        if let unknown = members.keys.first(where: { !Self.attributes.contains($0) }) {
            throw .format("Invalid template parameter property '\(unknown)'")
        }
        guard let type = members["Type"]?.stringValue else { throw .format("Every Parameters object must contain a Type member.") }
        guard Self.isKnownType(type) else { throw .format("Unrecognized parameter type: \(type)") }
        self.name = name
        self.type = type
        defaultValue = try Self.text(members["Default"], "Default", parameter: name)
        if let allowed = members["AllowedValues"] {
            guard let items = allowed.arrayValue else { throw .format("Every AllowedValues member must be a list.") }
            allowedValues = try items.map { item throws(TemplateError) in
                guard let text = item.scalarText else { throw .format("Every AllowedValues member must be a list of strings.") }
                return text
            }
        }
        allowedPattern = try Self.text(members["AllowedPattern"], "AllowedPattern", parameter: name)
        minLength = try Self.number(members["MinLength"], "MinLength", parameter: name).map { Int($0) }
        maxLength = try Self.number(members["MaxLength"], "MaxLength", parameter: name).map { Int($0) }
        minValue = try Self.number(members["MinValue"], "MinValue", parameter: name)
        maxValue = try Self.number(members["MaxValue"], "MaxValue", parameter: name)
        constraintDescription = try Self.text(members["ConstraintDescription"], "ConstraintDescription", parameter: name)
        description = try Self.text(members["Description"], "Description", parameter: name)
        noEcho = try Self.text(members["NoEcho"], "NoEcho", parameter: name).map { $0.lowercased() == "true" } ?? false
        if let pattern = allowedPattern, (try? NSRegularExpression(pattern: pattern)) == nil {
            throw .format("Parameter '\(name)' AllowedPattern \(pattern) is not a valid regular expression")
        }
    }

    private static func text(_ value: TemplateValue?, _ attribute: String, parameter: String) throws(TemplateError) -> String? {
        guard let value else { return nil }
        if case .array(let items) = value, attribute == "Default" {
            // A list default is written as a YAML list by some authors; CloudFormation takes it comma-joined.
            return items.compactMap(\.scalarText).joined(separator: ",")
        }
        guard let text = value.scalarText else { throw .format("Parameter '\(parameter)' \(attribute) must be a string") }
        return text
    }

    private static func number(_ value: TemplateValue?, _ attribute: String, parameter: String) throws(TemplateError) -> Double? {
        guard let value else { return nil }
        guard let text = value.scalarText, let number = Double(text) else {
            throw .format("Parameter '\(parameter)' \(attribute) must be a number")
        }
        return number
    }

    /// Checks a supplied value as CloudFormation does, with its messages.
    public func check(_ value: String) throws(TemplateError) {
        let items = isList ? value.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } : [value]
        for item in items {
            if type == "Number" || type == "List<Number>" {
                guard let number = Double(item) else { throw TemplateError("Parameter '\(name)' must be a number") }
                if let minValue, number < minValue { throw TemplateError("Parameter '\(name)' must be a number not less than \(Self.show(minValue))") }
                if let maxValue, number > maxValue { throw TemplateError("Parameter '\(name)' must be a number not greater than \(Self.show(maxValue))") }
            }
            if let allowedValues, !allowedValues.contains(item) {
                throw TemplateError("Parameter '\(name)' must be one of AllowedValues")
            }
        }
        if let minLength, value.count < minLength {
            throw TemplateError(constraintDescription.map { "Parameter '\(name)' failed to satisfy constraint: \($0)" } ?? "Parameter '\(name)' must contain at least \(minLength) characters")
        }
        if let maxLength, value.count > maxLength {
            throw TemplateError(constraintDescription.map { "Parameter '\(name)' failed to satisfy constraint: \($0)" } ?? "Parameter '\(name)' must contain at most \(maxLength) characters")
        }
        if let allowedPattern, let regex = try? NSRegularExpression(pattern: "^(?:\(allowedPattern))$") {
            let range = NSRange(value.startIndex..., in: value)
            if regex.firstMatch(in: value, range: range) == nil {
                throw TemplateError(constraintDescription.map { "Parameter '\(name)' failed to satisfy constraint: \($0)" } ?? "Parameter '\(name)' must match pattern \(allowedPattern)")
            }
        }
    }

    private static func show(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }
}
