import Foundation

/// The condition kinds a Condition step may test.
enum PipelineConditionType: String, Sendable, CaseIterable {
    case equals = "Equals"
    case greaterThan = "GreaterThan"
    case greaterThanOrEqualTo = "GreaterThanOrEqualTo"
    case lessThan = "LessThan"
    case lessThanOrEqualTo = "LessThanOrEqualTo"
    case `in` = "In"
    case not = "Not"
    case or = "Or"
}

/// Validates and evaluates a Condition step's conditions (`{"Type": "Equals", "Arguments": {...}}`; arguments may
/// also sit beside `Type`).
enum PipelineConditions {
    /// Whether every condition holds: a Condition step's list is AND-ed.
    static func evaluate(_ conditions: [PipelineValue], context: some ExpressionContext) async throws -> Bool {
        for condition in conditions where try await !evaluateCondition(condition, context: context) {
            return false
        }
        return true
    }

    /// Whether one condition holds.
    static func evaluateCondition(_ condition: PipelineValue, context: some ExpressionContext) async throws -> Bool {
        let (type, arguments) = try parts(condition)
        switch type {
        case .equals, .greaterThan, .greaterThanOrEqualTo, .lessThan, .lessThanOrEqualTo:
            guard let leftExpression = arguments["LeftValue"], let rightExpression = arguments["RightValue"] else {
                throw PipelineExpressionError("Condition \(condition.jsonString) needs LeftValue and RightValue")
            }
            let left = try await PipelineExpressions.resolve(leftExpression, context: context)
            let right = try await PipelineExpressions.resolve(rightExpression, context: context)
            let order = compare(left, right)
            switch type {
            case .equals: return order == .orderedSame
            case .greaterThan: return order == .orderedDescending
            case .greaterThanOrEqualTo: return order != .orderedAscending
            case .lessThan: return order == .orderedAscending
            default: return order != .orderedDescending
            }
        case .in:
            guard let queryExpression = arguments["QueryValue"], case .array(let candidates)? = arguments["Values"] else {
                throw PipelineExpressionError("Condition \(condition.jsonString) needs QueryValue and a Values list")
            }
            let query = try await PipelineExpressions.resolve(queryExpression, context: context)
            for candidate in candidates where compare(query, try await PipelineExpressions.resolve(candidate, context: context)) == .orderedSame {
                return true
            }
            return false
        case .not:
            guard let inner = arguments["Expression"] else {
                throw PipelineExpressionError("Condition \(condition.jsonString) needs an Expression")
            }
            return try await !evaluateCondition(inner, context: context)
        case .or:
            guard case .array(let inner)? = arguments["Conditions"] else {
                throw PipelineExpressionError("Condition \(condition.jsonString) needs a Conditions list")
            }
            for member in inner where try await evaluateCondition(member, context: context) {
                return true
            }
            return false
        }
    }

    /// Orders two resolved values: numerically when both are numbers or numeric strings, else by their text.
    static func compare(_ left: PipelineValue, _ right: PipelineValue) -> ComparisonResult {
        if let leftNumber = numeric(left), let rightNumber = numeric(right) {
            return leftNumber < rightNumber ? .orderedAscending : leftNumber > rightNumber ? .orderedDescending : .orderedSame
        }
        let leftText = left.text
        let rightText = right.text
        return leftText < rightText ? .orderedAscending : leftText > rightText ? .orderedDescending : .orderedSame
    }

    /// Refuses a malformed condition when the pipeline is created; `step` names the Condition step.
    static func validate(_ condition: PipelineValue, step: String) throws(PipelineDefinitionError) {
        let type: PipelineConditionType
        let arguments: PipelineValue
        do {
            (type, arguments) = try parts(condition)
        } catch {
            throw PipelineDefinitionError("Condition step \(step): \(error.message)")
        }
        func require(_ keys: String...) throws(PipelineDefinitionError) {
            for key in keys where arguments[key] == nil {
                throw PipelineDefinitionError("Condition step \(step): \(type.rawValue) condition needs \(key)")
            }
        }
        switch type {
        case .equals, .greaterThan, .greaterThanOrEqualTo, .lessThan, .lessThanOrEqualTo:
            try require("LeftValue", "RightValue")
        case .in:
            try require("QueryValue", "Values")
            guard arguments["Values"]?.array != nil else {
                throw PipelineDefinitionError("Condition step \(step): Values of an In condition must be a list")
            }
        case .not:
            try require("Expression")
            if let inner = arguments["Expression"] { try validate(inner, step: step) }
        case .or:
            guard let inner = arguments["Conditions"]?.array else {
                throw PipelineDefinitionError("Condition step \(step): Or condition needs a Conditions list")
            }
            for member in inner { try validate(member, step: step) }
        }
    }

    /// The condition's type and the object holding its operands (`Arguments`, or the condition itself).
    private static func parts(_ condition: PipelineValue) throws(PipelineExpressionError) -> (PipelineConditionType, PipelineValue) {
        guard let typeText = condition["Type"]?.string else {
            throw PipelineExpressionError("condition \(condition.jsonString) has no Type")
        }
        guard let type = PipelineConditionType(rawValue: typeText) else {
            throw PipelineExpressionError("unknown condition type \(typeText)")
        }
        if let arguments = condition["Arguments"], case .object = arguments { return (type, arguments) }
        return (type, condition)
    }

    private static func numeric(_ value: PipelineValue) -> Double? {
        switch value {
        case .number(let number): return number
        case .string(let text): return Double(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }
}
