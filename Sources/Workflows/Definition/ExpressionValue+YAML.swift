import Yams

extension ExpressionValue {
    /// The value of a composed YAML node: scalars typed by the YAML 1.2 core schema as GitHub reads them, mapping
    /// keys as text. A scalar with an unsupported tag becomes its text.
    init(yamlNode node: Node) {
        switch node {
        case .scalar(let scalar):
            switch (try? WorkflowYAMLScalar(scalar)) ?? .string(scalar.string) {
            case .null: self = .null
            case .bool(let value): self = .bool(value)
            case .number(let value): self = .number(value)
            case .string(let value): self = .string(value)
            }
        case .sequence(let sequence):
            self = .array(sequence.map { ExpressionValue(yamlNode: $0) })
        case .mapping(let mapping):
            var members: [String: ExpressionValue] = [:]
            for (key, value) in mapping {
                let name = key.scalar.map { ((try? WorkflowYAMLScalar($0)) ?? .string($0.string)).text } ?? ""
                members[name] = ExpressionValue(yamlNode: value)
            }
            self = .object(members)
        case .alias(let alias):
            _ = alias
            self = .null
        }
    }

    /// The value of something `Yams.load` (or JSON decoding into `Any`) produced; unknown types become `.null`.
    init(loadedYAML value: Any?) {
        switch value {
        case nil: self = .null
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .number(Double(value))
        case let value as Double: self = .number(value)
        case let value as String: self = .string(value)
        case let value as [Any?]: self = .array(value.map { ExpressionValue(loadedYAML: $0) })
        case let value as [String: Any?]: self = .object(value.mapValues { ExpressionValue(loadedYAML: $0) })
        case let value as [AnyHashable: Any?]:
            var members: [String: ExpressionValue] = [:]
            for (key, member) in value { members["\(key.base)"] = ExpressionValue(loadedYAML: member) }
            self = .object(members)
        default: self = .null
        }
    }
}
