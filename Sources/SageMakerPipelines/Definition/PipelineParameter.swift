import Foundation

/// A pipeline parameter declared in the definition's `Parameters` list, with its type and default.
struct PipelineParameter: Sendable, Equatable {
    /// The types a parameter may declare.
    enum Kind: String, Sendable, CaseIterable {
        case string = "String"
        case integer = "Integer"
        case float = "Float"
        case boolean = "Boolean"
    }

    let name: String
    let type: Kind
    let defaultValue: PipelineValue?
    let enumValues: [PipelineValue]?

    /// Whether `value` has this parameter's type (an Integer must be integral; a Float may be any number).
    func accepts(_ value: PipelineValue) -> Bool {
        switch (type, value) {
        case (.string, .string), (.float, .number), (.boolean, .bool): return true
        case (.integer, .number(let number)): return PipelineValue.integer(number) != nil
        default: return false
        }
    }

    /// The typed value for a `PipelineParameters` override, which StartPipelineExecution passes as a string.
    func value(fromString text: String) throws(PipelineDefinitionError) -> PipelineValue {
        let value: PipelineValue?
        switch type {
        case .string: value = .string(text)
        case .integer: value = Int(text.trimmingCharacters(in: .whitespaces)).map { .number(Double($0)) }
        case .float: value = Double(text.trimmingCharacters(in: .whitespaces)).map { .number($0) }
        case .boolean:
            switch text.lowercased() {
            case "true": value = .bool(true)
            case "false": value = .bool(false)
            default: value = nil
            }
        }
        guard let value else {
            throw PipelineDefinitionError("Value '\(text)' for parameter \(name) is not a valid \(type.rawValue)")
        }
        if let enumValues, !enumValues.contains(value) {
            throw PipelineDefinitionError(
                "Value '\(text)' for parameter \(name) is not one of its EnumValues [\(enumValues.map(\.text).joined(separator: ", "))]")
        }
        return value
    }
}
