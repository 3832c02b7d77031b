import Foundation
import SlipwayCore

/// What a target receives from an event: the event itself, a constant `Input`, the part an `InputPath` selects, or
/// an `InputTransformer` template filled from the event.
enum InputShaping {
    /// A JSONPath EventBridge accepts: `$`, then `.name` or `['name']` steps, or `[index]`.
    static func steps(_ path: String) -> [String]? {
        guard path.hasPrefix("$") else { return nil }
        var steps: [String] = []
        var rest = Substring(path.dropFirst())
        while !rest.isEmpty {
            if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty else { return nil }
                steps.append(String(name))
                rest = rest.dropFirst(name.count)
            } else if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                var inner = rest[rest.index(after: rest.startIndex)..<close]
                if inner.hasPrefix("'"), inner.hasSuffix("'"), inner.count >= 2 { inner = inner.dropFirst().dropLast() }
                guard !inner.isEmpty else { return nil }
                steps.append(String(inner))
                rest = rest[rest.index(after: close)...]
            } else {
                return nil
            }
        }
        return steps
    }

    static func select(_ path: String, in event: JSONValue) -> JSONValue? {
        guard let steps = steps(path) else { return nil }
        var current: JSONValue? = event
        for step in steps {
            switch current {
            case .object(let members): current = members[step]
            case .array(let items): current = Int(step).flatMap { items.indices.contains($0) ? items[$0] : nil }
            default: return nil
            }
        }
        return current
    }

    /// The target's payload for `event` (compact JSON, or text for a text template).
    static func payload(for target: TargetShape, event: JSONValue, eventText: String, ruleARN: String, ruleName: String) -> String {
        // A pipeline target is started with the target's role and parameters, not given the event.
        if target.arn.contains(":pipeline/") {
            let parameters = (target.sageMakerPipelineParameters?.pipelineParameterList ?? []).map { JSONValue.object(["Name": .string($0.name), "Value": .string($0.value)]) }
            // Built by hand: every matched event makes one, and a target without a role is refused at delivery unread.
            let role = target.roleArn.map { JSONValue.string($0).serialized() } ?? "null"
            return "{\"RoleArn\":\(role),\"PipelineParameters\":\(parameters.isEmpty ? "[]" : JSONValue.array(parameters).serialized())}"
        }
        if let input = target.input { return input }
        if let path = target.inputPath { return select(path, in: event).map { $0.serialized() } ?? "null" }
        guard let transformer = target.inputTransformer else { return eventText }
        var values: [String: JSONValue] = [:]
        for (name, path) in transformer.inputPathsMap ?? [:] { values[name] = select(path, in: event) ?? .null }
        values["aws.events.rule-arn"] = .string(ruleARN)
        values["aws.events.rule-name"] = .string(ruleName)
        values["aws.events.event.ingestion-time"] = event["time"] ?? .null
        values["aws.events.event"] = event
        values["aws.events.event.json"] = event
        return fill(transformer.inputTemplate, values: values)
    }

    /// Replaces each `<name>`: inside a JSON string by the value's text, elsewhere by the value as JSON.
    static func fill(_ template: String, values: [String: JSONValue]) -> String {
        var output = ""
        var insideString = false
        var escaped = false
        var index = template.startIndex
        while index < template.endIndex {
            let character = template[index]
            if character == "<", let close = template[index...].firstIndex(of: ">"), let value = values[String(template[template.index(after: index)..<close])] {
                if insideString {
                    let text = value.stringValue ?? value.serialized()
                    output += text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                } else {
                    output += value.serialized()
                }
                index = template.index(after: close)
                continue
            }
            if insideString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { insideString = false }
            } else if character == "\"" {
                insideString = true
            }
            output.append(character)
            index = template.index(after: index)
        }
        return output
    }
}
