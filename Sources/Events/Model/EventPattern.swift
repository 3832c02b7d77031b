import Foundation
import SlipwayCore

/// An EventBridge event pattern, checked when it is made and matched against events: exact values, `prefix`,
/// `suffix`, `anything-but` (with its nested forms), `numeric`, `exists`, `cidr`, `equals-ignore-case`, `wildcard`,
/// `$or`, nested objects, and array fields (any element may match).
public struct EventPattern: Sendable, Hashable {
    /// A field's conditions, or a nested pattern.
    indirect enum Node: Sendable, Hashable {
        case object([String: Node], alternatives: [[String: Node]])
        case conditions([Condition])
    }

    enum Condition: Sendable, Hashable {
        case exactly(JSONValue)
        case prefix(String, ignoringCase: Bool)
        case suffix(String, ignoringCase: Bool)
        case equalsIgnoringCase(String)
        case wildcard(String)
        case anythingBut([Condition])
        case numeric([(String, Double)])
        case exists(Bool)
        case cidr(UInt32, mask: UInt32)

        static func == (lhs: Condition, rhs: Condition) -> Bool { String(describing: lhs) == String(describing: rhs) }
        func hash(into hasher: inout Hasher) { hasher.combine(String(describing: self)) }
    }

    let root: Node

    /// The pattern in `text`; `EventPatternError` says what is wrong the way EventBridge does.
    public init(_ text: String) throws {
        guard let value = try? JSONValue.parse(text) else { throw EventPatternError("Event pattern is not valid. Reason: the pattern is not well-formed JSON") }
        guard case .object(let members) = value, !members.isEmpty else {
            throw EventPatternError("Event pattern is not valid. Reason: the pattern must be a non-empty JSON object")
        }
        root = try Self.node(members, path: "")
    }

    static func node(_ members: [String: JSONValue], path: String) throws -> Node {
        var fields: [String: Node] = [:]
        var alternatives: [[String: Node]] = []
        for (key, value) in members {
            let here = path.isEmpty ? key : "\(path).\(key)"
            if key == "$or" {
                guard case .array(let options) = value, options.count >= 2 else {
                    throw EventPatternError("Event pattern is not valid. Reason: $or must hold an array of at least two patterns at \(here)")
                }
                for option in options {
                    guard case .object(let members) = option, case .object(let nested, _) = try node(members, path: path) else {
                        throw EventPatternError("Event pattern is not valid. Reason: every $or option must be an object at \(here)")
                    }
                    alternatives.append(nested)
                }
                continue
            }
            switch value {
            case .object(let nested):
                guard !nested.isEmpty else { throw EventPatternError("Event pattern is not valid. Reason: empty object at \(here)") }
                fields[key] = try node(nested, path: here)
            case .array(let items):
                guard !items.isEmpty else { throw EventPatternError("Event pattern is not valid. Reason: Empty arrays are not allowed at \(here)") }
                fields[key] = .conditions(try items.map { try condition($0, path: here) })
            default:
                throw EventPatternError("Event pattern is not valid. Reason: \"\(key)\" must be an object or an array")
            }
        }
        return .object(fields, alternatives: alternatives)
    }

    static func condition(_ value: JSONValue, path: String) throws -> Condition {
        guard case .object(let members) = value else {
            if case .array = value { throw EventPatternError("Event pattern is not valid. Reason: Match value must be String, number, true, false, or null at \(path)") }
            return .exactly(value)
        }
        guard members.count == 1, let (operation, argument) = members.first else {
            throw EventPatternError("Event pattern is not valid. Reason: a content filter must have exactly one operator at \(path)")
        }
        func text(_ value: JSONValue) throws -> String {
            guard case .string(let text) = value else { throw EventPatternError("Event pattern is not valid. Reason: \(operation) match pattern must be a string at \(path)") }
            return text
        }
        switch operation {
        case "prefix", "suffix":
            var ignoringCase = false
            var target = argument
            if case .object(let inner) = argument, inner.count == 1, let value = inner["equals-ignore-case"] {
                ignoringCase = true
                target = value
            }
            let literal = try text(target)
            return operation == "prefix" ? .prefix(literal, ignoringCase: ignoringCase) : .suffix(literal, ignoringCase: ignoringCase)
        case "equals-ignore-case": return .equalsIgnoringCase(try text(argument))
        case "wildcard":
            let literal = try text(argument)
            if literal.contains("**") { throw EventPatternError("Event pattern is not valid. Reason: Consecutive wildcard characters at \(path)") }
            return .wildcard(literal)
        case "exists":
            guard case .bool(let flag) = argument else { throw EventPatternError("Event pattern is not valid. Reason: exists match pattern must be either true or false at \(path)") }
            return .exists(flag)
        case "anything-but":
            switch argument {
            case .array(let items):
                guard !items.isEmpty else { throw EventPatternError("Event pattern is not valid. Reason: Empty arrays are not allowed at \(path)") }
                return .anythingBut(try items.map { item in
                    guard item.objectValue == nil, item.arrayValue == nil else {
                        throw EventPatternError("Event pattern is not valid. Reason: Inside anything but list, start|null|boolean is not supported at \(path)")
                    }
                    return .exactly(item)
                })
            case .object(let inner):
                guard inner.count == 1, let key = inner.keys.first, ["prefix", "suffix", "equals-ignore-case", "wildcard"].contains(key) else {
                    throw EventPatternError("Event pattern is not valid. Reason: Unsupported anything-but pattern at \(path)")
                }
                return .anythingBut([try condition(argument, path: path)])
            default:
                return .anythingBut([.exactly(argument)])
            }
        case "numeric":
            guard case .array(let parts) = argument, !parts.isEmpty, parts.count % 2 == 0, parts.count <= 4 else {
                throw EventPatternError("Event pattern is not valid. Reason: Value of numeric must be an array at \(path)")
            }
            var comparisons: [(String, Double)] = []
            for index in stride(from: 0, to: parts.count, by: 2) {
                guard case .string(let op) = parts[index], ["=", "<", "<=", ">", ">="].contains(op), case .number(let number) = parts[index + 1] else {
                    throw EventPatternError("Event pattern is not valid. Reason: Unrecognized numeric range operator at \(path)")
                }
                comparisons.append((op, number))
            }
            return .numeric(comparisons)
        case "cidr":
            let literal = try text(argument)
            let pieces = literal.split(separator: "/")
            guard pieces.count == 2, let bits = UInt32(pieces[1]), bits <= 32, let address = ipv4(String(pieces[0])) else {
                throw EventPatternError("Event pattern is not valid. Reason: Malformed CIDR, one '/' required at \(path)")
            }
            let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
            return .cidr(address & mask, mask: mask)
        default:
            throw EventPatternError("Event pattern is not valid. Reason: Unrecognized match type \(operation) at \(path)")
        }
    }

    static func ipv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt32($0) }
        guard octets.count == 4, octets.allSatisfy({ $0 <= 255 }) else { return nil }
        return octets.reduce(0) { $0 << 8 | $1 }
    }

    /// Whether `event` (a JSON object) matches.
    public func matches(_ event: JSONValue) -> Bool { Self.matches(root, event) }

    static func matches(_ node: Node, _ value: JSONValue?) -> Bool {
        switch node {
        case .object(let fields, let alternatives):
            let object = value?.objectValue
            let allFields = fields.allSatisfy { key, child in matches(child, object?[key]) }
            return allFields && (alternatives.isEmpty || alternatives.contains { option in option.allSatisfy { key, child in matches(child, object?[key]) } })
        case .conditions(let conditions):
            let values: [JSONValue]? = value.map { $0.arrayValue ?? [$0] }
            return conditions.contains { condition in
                if case .exists(let wanted) = condition { return (value != nil) == wanted }
                guard let values else { return false }
                return values.contains { satisfies(condition, $0) }
            }
        }
    }

    static func satisfies(_ condition: Condition, _ value: JSONValue) -> Bool {
        switch condition {
        case .exactly(let expected):
            if case .number(let a) = expected, case .number(let b) = value { return a == b }
            return expected == value
        case .prefix(let text, let ignoringCase):
            guard let string = value.stringValue else { return false }
            return ignoringCase ? string.lowercased().hasPrefix(text.lowercased()) : string.hasPrefix(text)
        case .suffix(let text, let ignoringCase):
            guard let string = value.stringValue else { return false }
            return ignoringCase ? string.lowercased().hasSuffix(text.lowercased()) : string.hasSuffix(text)
        case .equalsIgnoringCase(let text): return value.stringValue?.lowercased() == text.lowercased()
        case .wildcard(let pattern): return value.stringValue.map { wildcard(pattern, matches: $0) } ?? false
        case .anythingBut(let excluded):
            if case .null = value { return false }
            return !excluded.contains { satisfies($0, value) }
        case .numeric(let comparisons):
            guard let number = value.numberValue else { return false }
            return comparisons.allSatisfy { op, bound in
                switch op {
                case "=": number == bound
                case "<": number < bound
                case "<=": number <= bound
                case ">": number > bound
                default: number >= bound
                }
            }
        case .exists(let wanted): return wanted
        case .cidr(let network, let mask): return value.stringValue.flatMap(ipv4).map { $0 & mask == network } ?? false
        }
    }

    /// `*` stands for any run of characters, everything else for itself.
    static func wildcard(_ pattern: String, matches text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == text }
        guard let first = parts.first, let last = parts.last, text.hasPrefix(first) else { return false }
        var rest = Substring(text).dropFirst(first.count)
        // Each middle piece at its earliest place leaves the most room for what follows.
        for middle in parts.dropFirst().dropLast() where !middle.isEmpty {
            guard let range = rest.range(of: middle) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.hasSuffix(last)
    }
}

/// Why a pattern is not valid, in EventBridge's words.
public struct EventPatternError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
