/// Resolves the expressions in a step's arguments (`Get`, `Std:Join`, `Std:JsonGet`) against an execution's state.
enum PipelineExpressions {
    /// `value` with every expression in it, at any depth, replaced by what it evaluates to.
    static func resolve(_ value: PipelineValue, context: some ExpressionContext) async throws -> PipelineValue {
        switch value {
        case .array(let elements):
            var resolved: [PipelineValue] = []
            resolved.reserveCapacity(elements.count)
            for element in elements { resolved.append(try await resolve(element, context: context)) }
            return .array(resolved)
        case .object(let members):
            if members.count == 1, let (key, argument) = members.first {
                switch key {
                case "Get": return try get(argument, expression: value, context: context)
                case "Std:Join": return try await join(argument, expression: value, context: context)
                case "Std:JsonGet": return try await jsonGet(argument, expression: value, context: context)
                default: break
                }
            }
            var resolved: [String: PipelineValue] = [:]
            for (key, member) in members { resolved[key] = try await resolve(member, context: context) }
            return .object(resolved)
        case .null, .bool, .number, .string:
            return value
        }
    }

    private static func get(_ argument: PipelineValue, expression: PipelineValue, context: some ExpressionContext) throws -> PipelineValue {
        guard let text = argument.string else { throw failure(expression, "Get must be a string") }
        let reference: PipelineReference
        do {
            reference = try PipelineReference(parsing: text)
        } catch {
            throw failure(expression, error.message)
        }
        do {
            switch reference {
            case .parameter(let name): return try context.parameter(name)
            case .execution(let name): return try context.executionVariable(name)
            case .experimentConfig(let name): return try context.experimentConfig(name)
            case .step(let step, let path): return try context.stepProperty(step: step, path: path)
            case .propertyFile(let step, let name): return .string(try context.propertyFile(step: step, name: name))
            }
        } catch let error as PipelineExpressionError {
            throw failure(expression, error.message)
        } catch {
            throw failure(expression, "\(error)")
        }
    }

    private static func join(_ argument: PipelineValue, expression: PipelineValue, context: some ExpressionContext) async throws -> PipelineValue {
        let separator = argument["On"]?.string ?? ""
        guard case .array(let values)? = argument["Values"] else { throw failure(expression, "Std:Join needs a Values list") }
        var parts: [String] = []
        for value in values { parts.append(try await resolve(value, context: context).text) }
        return .string(parts.joined(separator: separator))
    }

    private static func jsonGet(_ argument: PipelineValue, expression: PipelineValue, context: some ExpressionContext) async throws -> PipelineValue {
        guard let pathText = argument["Path"]?.string else { throw failure(expression, "Std:JsonGet needs a Path") }
        guard let path = PropertyPath.parse(pathText) else { throw failure(expression, "invalid Path '\(pathText)'") }
        let uri: String
        if let file = argument["PropertyFile"] {
            uri = try await resolve(file, context: context).text
        } else if let location = argument["S3Uri"] {
            uri = try await resolve(location, context: context).text
        } else {
            throw failure(expression, "Std:JsonGet needs a PropertyFile or an S3Uri")
        }
        let body: String
        do {
            body = try await context.readObject(uri)
        } catch {
            throw failure(expression, "cannot read \(uri): \(error)")
        }
        guard let document = try? PipelineValue(json: body) else { throw failure(expression, "\(uri) is not valid JSON") }
        guard let found = PropertyPath.lookup(path, in: document) else {
            throw failure(expression, "Path '\(pathText)' not found in \(uri)")
        }
        return found
    }

    private static func failure(_ expression: PipelineValue, _ reason: String) -> PipelineExpressionError {
        PipelineExpressionError("Unable to resolve \(expression.jsonString): \(reason)")
    }
}

extension PipelineExpressions {
    /// Whether one condition (`Equals`, `GreaterThan`, …, `In`, `Not`, `Or`) holds.
    static func evaluateCondition(_ condition: PipelineValue, context: some ExpressionContext) async throws -> Bool {
        try await PipelineConditions.evaluateCondition(condition, context: context)
    }

    /// Whether every condition of a Condition step's list holds.
    static func evaluateConditions(_ conditions: [PipelineValue], context: some ExpressionContext) async throws -> Bool {
        try await PipelineConditions.evaluate(conditions, context: context)
    }
}
