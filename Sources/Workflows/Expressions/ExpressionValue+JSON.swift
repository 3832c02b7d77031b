import Foundation

/// JSON conversion for `toJSON` and `fromJSON`, written by hand so booleans stay booleans on every platform and
/// nesting is bounded.
extension ExpressionValue {
    /// Deeper values are refused rather than recursed into, so hostile JSON cannot exhaust the stack.
    static let maxJSONDepth = 256

    /// Pretty JSON the way GitHub's `toJSON` prints it: two-space indentation, `"key": value`, empty `{}` and `[]`.
    /// Keys are sorted because objects carry no order here.
    func jsonString() throws(ExpressionError) -> String {
        var output = ""
        try writeJSON(into: &output, indent: 0)
        return output
    }

    private func writeJSON(into output: inout String, indent: Int) throws(ExpressionError) {
        guard indent <= Self.maxJSONDepth else { throw ExpressionError("toJSON: the value is nested too deeply") }
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        // JSON has no NaN or Infinity; null is the conventional stand-in.
        case .number(let value): output += value.isFinite ? Self.formatNumber(value) : "null"
        case .string(let value): Self.writeJSONString(value, into: &output)
        case .array(let items):
            guard !items.isEmpty else { output += "[]"; return }
            output += "[\n"
            for (offset, item) in items.enumerated() {
                output += inner
                try item.writeJSON(into: &output, indent: indent + 1)
                output += offset == items.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            guard !members.isEmpty else { output += "{}"; return }
            output += "{\n"
            let keys = members.keys.sorted()
            for (offset, key) in keys.enumerated() {
                output += inner
                Self.writeJSONString(key, into: &output)
                output += ": "
                try members[key, default: .null].writeJSON(into: &output, indent: indent + 1)
                output += offset == keys.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: "  ", count: indent) + "}"
        }
    }

    private static func writeJSONString(_ value: String, into output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// Parses JSON text (any value at the top level) for `fromJSON`.
    init(json text: String) throws(ExpressionError) {
        var parser = JSONParser(scalars: Array(text.unicodeScalars))
        self = try parser.document()
    }
}

/// A strict recursive-descent JSON reader producing `ExpressionValue`s, with positions in its error messages.
private struct JSONParser {
    let scalars: [Unicode.Scalar]
    var offset = 0

    mutating func document() throws(ExpressionError) -> ExpressionValue {
        let value = try value(depth: 0)
        skipWhitespace()
        guard offset == scalars.count else { throw unexpected() }
        return value
    }

    private mutating func value(depth: Int) throws(ExpressionError) -> ExpressionValue {
        guard depth <= ExpressionValue.maxJSONDepth else {
            throw ExpressionError("Error parsing fromJSON: nesting deeper than \(ExpressionValue.maxJSONDepth) levels")
        }
        skipWhitespace()
        guard offset < scalars.count else { throw ExpressionError("Error parsing fromJSON: unexpected end of input") }
        switch scalars[offset] {
        case "{":
            offset += 1
            var members: [String: ExpressionValue] = [:]
            skipWhitespace()
            if take("}") { return .object(members) }
            repeat {
                skipWhitespace()
                guard offset < scalars.count, scalars[offset] == "\"" else { throw unexpected() }
                let key = try string()
                skipWhitespace()
                guard take(":") else { throw unexpected() }
                members[key] = try value(depth: depth + 1)
                skipWhitespace()
            } while take(",")
            guard take("}") else { throw unexpected() }
            return .object(members)
        case "[":
            offset += 1
            var items: [ExpressionValue] = []
            skipWhitespace()
            if take("]") { return .array(items) }
            repeat {
                items.append(try value(depth: depth + 1))
                skipWhitespace()
            } while take(",")
            guard take("]") else { throw unexpected() }
            return .array(items)
        case "\"":
            return .string(try string())
        case "t": return try keyword("true", .bool(true))
        case "f": return try keyword("false", .bool(false))
        case "n": return try keyword("null", .null)
        default:
            return .number(try number())
        }
    }

    private mutating func string() throws(ExpressionError) -> String {
        offset += 1  // opening quote
        var result = String.UnicodeScalarView()
        while offset < scalars.count {
            let c = scalars[offset]
            offset += 1
            switch c {
            case "\"":
                return String(result)
            case "\\":
                guard offset < scalars.count else { break }
                let escape = scalars[offset]
                offset += 1
                switch escape {
                case "\"", "\\", "/": result.append(escape)
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "u": result.append(try unicodeEscape())
                default:
                    offset -= 1
                    throw unexpected()
                }
            default:
                guard c.value >= 0x20 else {
                    offset -= 1
                    throw unexpected()
                }
                result.append(c)
            }
        }
        throw ExpressionError("Error parsing fromJSON: unterminated string")
    }

    /// Reads the hex after `\u`, joining a surrogate pair; a lone surrogate becomes U+FFFD.
    private mutating func unicodeEscape() throws(ExpressionError) -> Unicode.Scalar {
        let high = try hex4()
        if (0xD800...0xDBFF).contains(high), offset + 1 < scalars.count, scalars[offset] == "\\", scalars[offset + 1] == "u" {
            let saved = offset
            offset += 2
            let low = try hex4()
            if (0xDC00...0xDFFF).contains(low) {
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
            }
            offset = saved
        }
        return Unicode.Scalar(high) ?? "\u{FFFD}"
    }

    private mutating func hex4() throws(ExpressionError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard offset < scalars.count, let digit = Character(scalars[offset]).hexDigitValue else { throw unexpected() }
            value = value * 16 + UInt32(digit)
            offset += 1
        }
        return value
    }

    private mutating func number() throws(ExpressionError) -> Double {
        let start = offset
        func digits(_ parser: inout JSONParser) -> Int {
            var count = 0
            while parser.offset < parser.scalars.count, ("0"..."9").contains(parser.scalars[parser.offset]) {
                parser.offset += 1
                count += 1
            }
            return count
        }
        _ = take("-")
        let integerStart = offset
        let integerDigits = digits(&self)
        guard integerDigits > 0 else { throw unexpected() }
        // JSON forbids leading zeros such as `01`.
        if integerDigits > 1, scalars[integerStart] == "0" { offset = integerStart; throw unexpected() }
        if take(".") { guard digits(&self) > 0 else { throw unexpected() } }
        if take("e") || take("E") {
            _ = take("+") || take("-")
            guard digits(&self) > 0 else { throw unexpected() }
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars[start..<offset])
        guard let value = Double(String(text)) else { throw unexpected() }
        return value
    }

    private mutating func keyword(_ word: String, _ value: ExpressionValue) throws(ExpressionError) -> ExpressionValue {
        for expected in word.unicodeScalars {
            guard take(expected) else { throw unexpected() }
        }
        return value
    }

    private mutating func take(_ scalar: Unicode.Scalar) -> Bool {
        guard offset < scalars.count, scalars[offset] == scalar else { return false }
        offset += 1
        return true
    }

    private mutating func skipWhitespace() {
        while offset < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[offset]) { offset += 1 }
    }

    private func unexpected() -> ExpressionError {
        guard offset < scalars.count else { return ExpressionError("Error parsing fromJSON: unexpected end of input") }
        return ExpressionError("Error parsing fromJSON: unexpected character '\(scalars[offset])' at position \(offset + 1)")
    }
}
