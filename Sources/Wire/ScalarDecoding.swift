import Foundation

/// Conversions of input nodes to the scalar types shapes declare.
extension InputNode {
    /// The character data of untyped nodes (form, XML, header, query, label).
    var text: String? {
        switch self {
        case .text(let value), .headerText(let value): value
        case .xml(let element): element.children.isEmpty ? element.text : nil
        case .form(let node): node.value ?? (node.children.isEmpty ? "" : nil)
        default: nil
        }
    }

    var stringValue: String? {
        switch self {
        case .string(let value): value
        case .payload(let bytes): UTF8Validation.string(bytes)
        default: text
        }
    }

    var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        guard let text else { return nil }
        switch text.trimmingASCIISpaces() {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    func integerValue<I: FixedWidthInteger>(_: I.Type) -> I? {
        let literal: Substring
        switch self {
        case .number(let value): literal = value[...]
        default:
            guard let text else { return nil }
            literal = text.trimmingASCIISpaces()
        }
        if let exact = I(literal, radix: 10) { return exact }
        // "5.0" or "1e3" from a lenient client: accept when the value is a whole number in range.
        guard let double = Double(literal), double.isFinite, double.rounded() == double else { return nil }
        return I(exactly: double)
    }

    func floatingValue<F: BinaryFloatingPoint & LosslessStringConvertible>(_: F.Type) -> F? {
        switch self {
        case .number(let value):
            return F(value)
        case .string(let value):
            // JSON carries the non-finite values as strings.
            switch value {
            case "NaN": return F.nan
            case "Infinity": return F.infinity
            case "-Infinity": return -F.infinity
            default: return nil
            }
        default:
            guard let text else { return nil }
            switch text.trimmingASCIISpaces() {
            case "NaN": return F.nan
            case "Infinity": return F.infinity
            case "-Infinity": return -F.infinity
            case let other:
                guard other.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true else { return nil }
                return F(String(other))
            }
        }
    }

    var dateValue: Date? {
        switch self {
        case .number(let value):
            guard let seconds = Double(value), seconds.isFinite else { return nil }
            return Date(timeIntervalSince1970: seconds)
        case .string(let value):
            return Timestamp.parse(value)
        default:
            guard let text else { return nil }
            return Timestamp.parse(text)
        }
    }

    var blobValue: [UInt8]? {
        switch self {
        case .payload(let bytes): return bytes
        case .string(let value): return Self.base64Decode(value)
        default:
            guard let text else { return nil }
            return Self.base64Decode(text)
        }
    }

    private static func base64Decode(_ text: String) -> [UInt8]? {
        if text.isEmpty { return [] }
        guard let data = Data(base64Encoded: text) else { return nil }
        return [UInt8](data)
    }
}

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    func trimmingASCIISpaces() -> Substring {
        let whole = self[...]
        var start = whole.startIndex
        var end = whole.endIndex
        while start < end, whole.utf8[start].isASCIISpace { start = whole.utf8.index(after: start) }
        while end > start, whole.utf8[whole.utf8.index(before: end)].isASCIISpace { end = whole.utf8.index(before: end) }
        return whole[start..<end]
    }
}

extension UInt8 {
    fileprivate var isASCIISpace: Bool { self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D }
}
