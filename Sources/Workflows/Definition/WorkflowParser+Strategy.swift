import Yams

extension WorkflowYAMLReader {
    /// `strategy:` with `matrix`, `fail-fast` and `max-parallel`. A matrix without expressions is expanded here, so
    /// empty vectors and oversized matrices fail at parse time as on GitHub.
    func strategy(_ node: Node) throws(WorkflowParseError) -> StrategyDefinition {
        var result = StrategyDefinition()
        for entry in try entries(node) {
            switch entry.key {
            case "fail-fast": result.failFast = try boolOrExpression(entry.value)
            case "max-parallel": result.maxParallel = try numberOrExpression(entry.value)
            case "matrix": (result.matrix, result.matrixKeyOrder) = try matrix(entry.value)
            default: throw unexpected(entry.keyNode)
            }
        }
        return result
    }

    private func isExpression(_ node: Node) throws(WorkflowParseError) -> Bool {
        if case .string(let value) = try scalar(node) { return value.contains("${{") }
        return false
    }

    private func matrix(_ node: Node) throws(WorkflowParseError) -> (ExpressionValue, [String]) {
        if try isExpression(node) { return (ExpressionValue(yamlNode: node), []) }
        var members: [String: ExpressionValue] = [:]
        var vectorKeys: [String] = []
        var includeKeys: [String] = []
        var hasVector = false
        var hasInclude = false
        for entry in try entries(node) {
            switch entry.key {
            case "include", "exclude":
                if try isExpression(entry.value) {
                    hasInclude = hasInclude || entry.key == "include"
                } else {
                    let items = try sequence(entry.value)
                    for item in items {
                        if try isExpression(item) { continue }
                        guard case .mapping = item else { throw unexpected(item) }
                        for property in try entries(item) where entry.key == "include" { includeKeys.append(property.key) }
                    }
                    hasInclude = hasInclude || (entry.key == "include" && !items.isEmpty)
                }
            default:
                hasVector = true
                vectorKeys.append(entry.key)
                if try !isExpression(entry.value) {
                    guard case .sequence(let values) = entry.value else { throw unexpected(entry.value) }
                    if values.isEmpty { throw error("Matrix vector '\(entry.key)' does not contain any values", at: entry.value) }
                }
            }
            members[entry.key] = ExpressionValue(yamlNode: entry.value)
        }
        guard hasVector || hasInclude else { throw error("Matrix must define at least one vector", at: node) }
        var keyOrder = vectorKeys
        for key in includeKeys where !keyOrder.contains(key) { keyOrder.append(key) }
        let matrix = ExpressionValue.object(members)
        if !WorkflowYAMLReader.containsExpression(matrix) {
            do {
                _ = try MatrixExpansion.expand(matrix, keyOrder: keyOrder)
            } catch {
                throw self.error(error.message, at: node)
            }
        }
        return (matrix, keyOrder)
    }

    private static func containsExpression(_ value: ExpressionValue) -> Bool {
        switch value {
        case .string(let string): string.contains("${{")
        case .array(let items): items.contains(where: containsExpression)
        case .object(let members): members.contains { $0.key.contains("${{") || containsExpression($0.value) }
        case .null, .bool, .number: false
        }
    }
}
