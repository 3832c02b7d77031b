import Foundation

/// Parses and evaluates `${{ }}` expressions against one `ExpressionContext`; the entry point hosts use.
struct ExpressionEvaluator: Sendable {
    let context: ExpressionContext

    init(context: ExpressionContext) { self.context = context }

    /// Parses a bare expression (no `${{ }}`), rejecting names and functions this context does not provide.
    func parse(_ expression: String) throws(ExpressionError) -> ExpressionNode {
        try ExpressionParser.parse(expression, context: context)
    }

    /// Evaluates a bare expression such as `github.ref == 'refs/heads/main'`.
    func evaluate(_ expression: String) throws(ExpressionError) -> ExpressionValue {
        try evaluate(try parse(expression))
    }

    func evaluate(_ node: ExpressionNode) throws(ExpressionError) -> ExpressionValue {
        try evaluateTracked(node).value
    }

    /// Evaluates a node and says whether the result came from the object filter (`.*`): accessing such a result maps
    /// over its elements instead of indexing the array itself, which is how `a.*.b` collects every `b`.
    private func evaluateTracked(_ node: ExpressionNode) throws(ExpressionError) -> (value: ExpressionValue, filtered: Bool) {
        switch node {
        case .literal(let value):
            return (value, false)
        case .namedValue(let name):
            return (context.namedValue(name) ?? .null, false)
        case .access(let target, let accessor):
            let (base, filtered) = try evaluateTracked(target)
            let key: ExpressionValue? = switch accessor {
            case .star: nil
            case .key(let keyNode): try evaluate(keyNode)
            }
            return filtered ? (Self.filteredAccess(base, key), true) : Self.access(base, key)
        case .not(let operand):
            return (.bool(!(try evaluate(operand).isTruthy)), false)
        case .comparison(let op, let lhs, let rhs):
            let order = try evaluate(lhs).looseOrder(try evaluate(rhs))
            let result = switch op {
            case .equal: order == .orderedSame
            case .notEqual: order != .orderedSame
            case .less: order == .orderedAscending
            case .lessOrEqual: order == .orderedAscending || order == .orderedSame
            case .greater: order == .orderedDescending
            case .greaterOrEqual: order == .orderedDescending || order == .orderedSame
            }
            return (.bool(result), false)
        case .and(let operands):
            var result = ExpressionValue.null
            for operand in operands {
                result = try evaluate(operand)
                if !result.isTruthy { break }
            }
            return (result, false)
        case .or(let operands):
            var result = ExpressionValue.null
            for operand in operands {
                result = try evaluate(operand)
                if result.isTruthy { break }
            }
            return (result, false)
        case .call(let function, let argumentNodes):
            var arguments: [ExpressionValue] = []
            for argument in argumentNodes { arguments.append(try evaluate(argument)) }
            return (try call(function, arguments), false)
        }
    }

    /// `base[key]`, or `base.*` when key is nil. Missing members and indexes are null rather than errors.
    private static func access(_ base: ExpressionValue, _ key: ExpressionValue?) -> (ExpressionValue, filtered: Bool) {
        guard let key else {
            switch base {
            case .array(let items): return (.array(items), true)
            case .object(let members): return (.array(sortedValues(members)), true)
            default: return (.array([]), true)
            }
        }
        switch base {
        case .array(let items):
            guard let index = arrayIndex(key), index < items.count else { return (.null, false) }
            return (items[index], false)
        case .object:
            guard key.isPrimitive else { return (.null, false) }
            return (base[key.stringValue] ?? .null, false)
        default:
            return (.null, false)
        }
    }

    /// Applies an access to every element of a filtered array, dropping elements that lack the member.
    private static func filteredAccess(_ base: ExpressionValue, _ key: ExpressionValue?) -> ExpressionValue {
        guard case .array(let elements) = base else { return .array([]) }
        var result: [ExpressionValue] = []
        for element in elements {
            switch element {
            case .object(let members):
                if let key {
                    if key.isPrimitive, let value = element[key.stringValue] { result.append(value) }
                } else {
                    result.append(contentsOf: sortedValues(members))
                }
            case .array(let items):
                if let key {
                    if let index = arrayIndex(key), index < items.count { result.append(items[index]) }
                } else {
                    result.append(contentsOf: items)
                }
            default:
                break
            }
        }
        return .array(result)
    }

    /// A non-negative finite number (after coercion) indexes an array, fractions rounded down, as GitHub does.
    private static func arrayIndex(_ key: ExpressionValue) -> Int? {
        let number = key.numberValue
        guard number.isFinite, number >= 0, number < Double(Int.max) else { return nil }
        return Int(number.rounded(.down))
    }

    /// Object values in key order, since dictionaries have none and results should be deterministic.
    private static func sortedValues(_ members: [String: ExpressionValue]) -> [ExpressionValue] {
        members.sorted { $0.key < $1.key }.map(\.value)
    }
}
