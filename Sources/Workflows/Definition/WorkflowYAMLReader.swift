import Foundation
import Yams

/// A YAML scalar resolved by the YAML 1.2 core schema as GitHub reads workflow files (so `on`, `yes` and `off` stay
/// strings, and `3.10` is the number 3.1).
enum WorkflowYAMLScalar: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)

    /// Resolves a composed scalar; throws only for a tag GitHub does not accept (e.g. `!main`).
    init(_ scalar: Node.Scalar) throws(WorkflowYAMLTagError) {
        let text = scalar.string
        switch scalar.tag.rawValue {
        case "", WorkflowYAMLScalar.implicitTag.rawValue:
            if scalar.style != .plain && scalar.style != .any {
                self = .string(text)
            } else {
                self = WorkflowYAMLScalar.resolvePlain(text)
            }
        case "!", Tag.Name.str.rawValue:
            self = .string(text)
        case Tag.Name.int.rawValue, Tag.Name.float.rawValue:
            if case .number(let number) = WorkflowYAMLScalar.resolvePlain(text) { self = .number(number) } else { self = .string(text) }
        case Tag.Name.bool.rawValue:
            if case .bool(let bool) = WorkflowYAMLScalar.resolvePlain(text) { self = .bool(bool) } else { self = .string(text) }
        case Tag.Name.null.rawValue:
            self = .null
        case let tag:
            throw WorkflowYAMLTagError(tag: tag)
        }
    }

    /// The tag every untagged node resolves to while composing. Yams records a node's resolved tag in the node
    /// itself (its duplicate-key check does so for keys), so untagged scalars must stay recognisable afterwards.
    static let implicitTag = Tag.Name(rawValue: "tag:slipway.local,2025:implicit")

    /// The resolver used to compose workflow files: it leaves the typing of scalars to `resolvePlain`.
    static let resolver: Resolver = (try? Resolver.basic.appending(implicitTag, "^")) ?? .basic

    /// The core-schema resolution of an untagged plain scalar.
    static func resolvePlain(_ text: String) -> WorkflowYAMLScalar {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        case ".nan", ".NaN", ".NAN": return .number(.nan)
        default: break
        }
        guard let first = text.unicodeScalars.first, "0123456789+-.".unicodeScalars.contains(first) else { return .string(text) }
        let digits = text.dropFirst(2)
        if text.hasPrefix("0x"), digits.allSatisfy(\.isHexDigit), let value = UInt64(digits, radix: 16) { return .number(Double(value)) }
        if text.hasPrefix("0o"), digits.allSatisfy(\.isHexDigit), let value = UInt64(digits, radix: 8) { return .number(Double(value)) }
        if isCoreNumber(text), let value = Double(text) { return .number(value) }
        return .string(text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isCoreNumber(_ text: String) -> Bool {
        var chars = Substring(text).unicodeScalars[...]
        func digits() -> Int {
            var count = 0
            while let c = chars.first, ("0"..."9").contains(c) { chars.removeFirst(); count += 1 }
            return count
        }
        if chars.first == "+" || chars.first == "-" { chars.removeFirst() }
        if chars.first == "." {
            chars.removeFirst()
            guard digits() > 0 else { return false }
        } else {
            guard digits() > 0 else { return false }
            if chars.first == "." { chars.removeFirst(); _ = digits() }
        }
        if chars.first == "e" || chars.first == "E" {
            chars.removeFirst()
            if chars.first == "+" || chars.first == "-" { chars.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return chars.isEmpty
    }

    /// The text GitHub gives this scalar where a string is expected: `true`, `1`, `3.1`, and `` for null.
    var text: String {
        switch self {
        case .null: ""
        case .bool(let bool): bool ? "true" : "false"
        case .number(let number): WorkflowYAMLScalar.numberText(number)
        case .string(let string): string
        }
    }

    /// A number as text: integral values without a fraction, others in their shortest form.
    static func numberText(_ number: Double) -> String {
        if number.isNaN { return "NaN" }
        if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }
}

/// A scalar carried a YAML tag that workflow files do not accept.
struct WorkflowYAMLTagError: Error, Sendable {
    var tag: String
}

/// Reads composed Yams nodes into workflow values, turning every misuse into a `WorkflowParseError` that names the
/// file and, from the node's mark, the line and column.
struct WorkflowYAMLReader: Sendable {
    /// One key/value pair of a mapping, in file order, with the key as text.
    struct Entry {
        var key: String
        var keyNode: Node
        var value: Node
    }

    var path: String
    var fileKind: WorkflowParseError.FileKind

    /// Composes `text` into its root node; nil for an empty document. YAML syntax errors become parse errors.
    func compose(_ text: String) throws(WorkflowParseError) -> Node? {
        do {
            return try Yams.compose(yaml: text, WorkflowYAMLScalar.resolver)
        } catch let error as YamlError {
            throw yamlError(error)
        } catch {
            throw self.error("You have an error in your yaml syntax", at: nil)
        }
    }

    private func yamlError(_ error: YamlError) -> WorkflowParseError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return WorkflowParseError(path: path, line: mark.line, column: mark.column,
                                      message: "You have an error in your yaml syntax on line \(mark.line): \(problem)", fileKind: fileKind)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            return WorkflowParseError(path: path, line: context.mark.line, column: context.mark.column,
                                      message: "'\(key)' is already defined", fileKind: fileKind)
        case .reader(let problem, _, _, _):
            return self.error("You have an error in your yaml syntax: \(problem)", at: nil)
        default:
            return self.error("You have an error in your yaml syntax", at: nil)
        }
    }

    /// An error located at `node` (no position when nil or without a mark).
    func error(_ message: String, at node: Node?) -> WorkflowParseError {
        let mark = node?.mark
        return WorkflowParseError(path: path, line: mark?.line, column: mark?.column, message: message, fileKind: fileKind)
    }

    /// `Unexpected value '<text>'` at `node`.
    func unexpected(_ node: Node) -> WorkflowParseError {
        switch node {
        case .mapping: error("A mapping was not expected", at: node)
        case .sequence: error("A sequence was not expected", at: node)
        default: error("Unexpected value '\(textOrEmpty(node))'", at: node)
        }
    }

    /// The resolved scalar of `node`, or nil for a mapping or sequence.
    func scalar(_ node: Node) throws(WorkflowParseError) -> WorkflowYAMLScalar? {
        guard case .scalar(let scalar) = node else { return nil }
        do {
            return try WorkflowYAMLScalar(scalar)
        } catch {
            throw self.error("Unexpected tag '\(error.tag)'", at: node)
        }
    }

    private func textOrEmpty(_ node: Node) -> String {
        guard case .scalar(let scalar) = node else { return "" }
        return (try? WorkflowYAMLScalar(scalar))?.text ?? scalar.string
    }

    /// Whether `node` is a null scalar (`key:` with nothing after it).
    func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return (try? WorkflowYAMLScalar(scalar)) == .null
    }

    /// The text of a scalar (numbers and booleans as GitHub writes them, null as ``); errors for collections.
    func text(_ node: Node) throws(WorkflowParseError) -> String {
        guard let scalar = try scalar(node) else { throw unexpected(node) }
        return scalar.text
    }

    /// Like `text`, but nil for null and empty values.
    func optionalText(_ node: Node) throws(WorkflowParseError) -> String? {
        let value = try text(node)
        return value.isEmpty ? nil : value
    }

    /// A boolean, or an expression string kept raw.
    func boolOrExpression(_ node: Node) throws(WorkflowParseError) -> BoolOrExpression {
        switch try scalar(node) {
        case .bool(let value): return .value(value)
        case .string(let value) where value.contains("${{"): return .expression(value)
        default: throw unexpected(node)
        }
    }

    /// A boolean literal.
    func bool(_ node: Node, reading what: String) throws(WorkflowParseError) -> Bool {
        switch try scalar(node) {
        case .bool(let value): return value
        case .some(let other): throw unexpectedType(other, reading: what, expected: "BooleanToken", at: node)
        case nil: throw unexpected(node)
        }
    }

    /// A number, or an expression string kept raw.
    func numberOrExpression(_ node: Node) throws(WorkflowParseError) -> NumberOrExpression {
        switch try scalar(node) {
        case .number(let value): return .value(value)
        case .string(let value) where value.contains("${{"): return .expression(value)
        default: throw unexpected(node)
        }
    }

    /// GitHub's wording when a scalar has the wrong type.
    func unexpectedType(_ scalar: WorkflowYAMLScalar, reading what: String, expected: String, at node: Node) -> WorkflowParseError {
        let found = switch scalar {
        case .null: "NullToken"
        case .bool: "BooleanToken"
        case .number: "NumberToken"
        case .string: "StringToken"
        }
        return error("Unexpected type '\(found)' encountered while reading '\(what)'. The type '\(expected)' was expected.", at: node)
    }

    /// The pairs of a mapping in file order; null counts as an empty mapping. Keys differing only in case are
    /// duplicates, as GitHub reports them.
    func entries(_ node: Node) throws(WorkflowParseError) -> [Entry] {
        if isNull(node) { return [] }
        guard case .mapping(let mapping) = node else { throw unexpected(node) }
        var result: [Entry] = []
        var seen = Set<String>()
        for (keyNode, value) in mapping {
            let key = try text(keyNode)
            if !seen.insert(key.uppercased()).inserted {
                throw error("'\(key)' is already defined", at: keyNode)
            }
            result.append(Entry(key: key, keyNode: keyNode, value: value))
        }
        return result
    }

    /// A mapping whose values are all scalars, as text (`env:`, `with:`, `outputs:`).
    func stringMap(_ node: Node) throws(WorkflowParseError) -> [String: String] {
        var result: [String: String] = [:]
        for entry in try entries(node) {
            result[entry.key] = try text(entry.value)
        }
        return result
    }

    /// `env:` as a mapping or one expression.
    func environment(_ node: Node) throws(WorkflowParseError) -> EnvironmentDefinition {
        if case .string(let value) = try scalar(node), value.contains("${{") { return .expression(value) }
        return .variables(try stringMap(node))
    }

    /// A string or a sequence of strings as a list.
    func stringList(_ node: Node) throws(WorkflowParseError) -> [String] {
        if isNull(node) { return [] }
        if case .sequence(let sequence) = node {
            var result: [String] = []
            for item in sequence { result.append(try text(item)) }
            return result
        }
        return [try text(node)]
    }

    /// The elements of a sequence; errors for anything else.
    func sequence(_ node: Node) throws(WorkflowParseError) -> [Node] {
        if isNull(node) { return [] }
        guard case .sequence(let sequence) = node else { throw unexpected(node) }
        return Array(sequence)
    }

    /// `defaults:` with its only key `run`.
    func defaults(_ node: Node) throws(WorkflowParseError) -> RunDefaults? {
        var result: RunDefaults?
        for entry in try entries(node) {
            guard entry.key == "run" else { throw unexpected(entry.keyNode) }
            var run = RunDefaults()
            for property in try entries(entry.value) {
                switch property.key {
                case "shell": run.shell = try optionalText(property.value)
                case "working-directory": run.workingDirectory = try optionalText(property.value)
                default: throw unexpected(property.keyNode)
                }
            }
            result = run
        }
        return result
    }

    /// `concurrency:` as a group name or `{group, cancel-in-progress, queue}`.
    func concurrency(_ node: Node) throws(WorkflowParseError) -> ConcurrencyDefinition {
        if try scalar(node) != nil { return ConcurrencyDefinition(group: try text(node)) }
        var group: String?
        var result = ConcurrencyDefinition(group: "")
        for entry in try entries(node) {
            switch entry.key {
            case "group": group = try text(entry.value)
            case "cancel-in-progress": result.cancelInProgress = try boolOrExpression(entry.value)
            case "queue": result.queue = try text(entry.value)
            default: throw error("Invalid property name: \(entry.key)", at: entry.keyNode)
            }
        }
        guard let group, !group.isEmpty else { throw error("Required property is missing: group", at: node) }
        result.group = group
        return result
    }

    /// Validates a job or step id as GitHub does, returning the error message when invalid.
    static func idProblem(_ id: String) -> String? {
        let scalars = Array(id.unicodeScalars)
        func isAlpha(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
        let valid = !scalars.isEmpty && scalars.count < 100
            && (isAlpha(scalars[0]) || scalars[0] == "_")
            && scalars.allSatisfy { isAlpha($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        if !valid {
            return "The identifier '\(id)' is invalid. IDs may only contain alphanumeric characters, '_', and '-'. "
                + "IDs must start with a letter or '_' and and must be less than 100 characters."
        }
        if id.hasPrefix("__") { return "The identifier '\(id)' is invalid. IDs starting with '__' are reserved." }
        return nil
    }
}
