import Foundation

/// GitHub's coercion rules: truthiness, conversion to numbers and strings, and loose comparison.
extension ExpressionValue {
    /// False for null, false, 0, -0, NaN and ""; arrays and objects are always truthy.
    var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .number(let value): !(value == 0 || value.isNaN)
        case .string(let value): !value.isEmpty
        case .array, .object: true
        }
    }

    /// Null, booleans, numbers and strings: the values that convert to strings and numbers meaningfully.
    var isPrimitive: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    /// The value as a number: null is 0, booleans 1/0, strings parsed like JavaScript's `Number()`, the rest NaN.
    var numberValue: Double {
        switch self {
        case .null: 0
        case .bool(let value): value ? 1 : 0
        case .number(let value): value
        case .string(let value): Self.parseNumber(value)
        case .array, .object: .nan
        }
    }

    /// The value as GitHub prints it into strings: null is empty, containers print their kind.
    var stringValue: String {
        switch self {
        case .null: ""
        case .bool(let value): value ? "true" : "false"
        case .number(let value): Self.formatNumber(value)
        case .string(let value): value
        case .array: "Array"
        case .object: "Object"
        }
    }

    /// Orders two values the way `==`, `<` and friends see them, or nil when they are incomparable (NaN, containers).
    ///
    /// Values of different kinds are compared as numbers; strings compare ordinally, ignoring case. GitHub compares
    /// arrays and objects by reference; values here have no identity, so two of them are never equal.
    func looseOrder(_ other: ExpressionValue) -> ComparisonResult? {
        switch (self, other) {
        case (.null, .null):
            return .orderedSame
        case (.bool(let lhs), .bool(let rhs)):
            return lhs == rhs ? .orderedSame : (lhs ? .orderedDescending : .orderedAscending)
        case (.string(let lhs), .string(let rhs)):
            let left = lhs.uppercased().unicodeScalars, right = rhs.uppercased().unicodeScalars
            if left.elementsEqual(right) { return .orderedSame }
            return left.lexicographicallyPrecedes(right) ? .orderedAscending : .orderedDescending
        case (.array, _), (.object, _), (_, .array), (_, .object):
            return nil
        default:
            let lhs = numberValue, rhs = other.numberValue
            if lhs.isNaN || rhs.isNaN { return nil }
            return lhs == rhs ? .orderedSame : (lhs < rhs ? .orderedAscending : .orderedDescending)
        }
    }

    /// GitHub's `==`: loose, case-insensitive for strings, never true for NaN or containers.
    func looselyEquals(_ other: ExpressionValue) -> Bool { looseOrder(other) == .orderedSame }

    // MARK: Numbers

    /// Parses a number the way GitHub coerces strings: whitespace trimmed, "" is 0, `0x`/`0o`/`0b` prefixes, else NaN.
    static func parseNumber(_ text: String) -> Double {
        let body = Interpolation.trimmed(text.unicodeScalars)
        if body.isEmpty { return 0 }
        switch body {
        case "Infinity", "+Infinity": return .infinity
        case "-Infinity": return -.infinity
        default: break
        }
        let lowered = body.lowercased()
        for (prefix, radix) in [("0x", 16.0), ("0o", 8.0), ("0b", 2.0)] where lowered.hasPrefix(prefix) {
            let digits = lowered.dropFirst(2)
            guard !digits.isEmpty else { return .nan }
            var value = 0.0
            for digit in digits {
                guard let digitValue = digit.hexDigitValue, Double(digitValue) < radix else { return .nan }
                value = value * radix + Double(digitValue)
            }
            return value
        }
        // Validate the grammar first: Swift's own parser also takes forms GitHub rejects (`inf`, `0x1p3`, `nan`).
        guard isDecimalLiteral(body.unicodeScalars) else { return .nan }
        return Double(body) ?? .nan
    }

    /// `[+-]digits[.digits][e[+-]digits]`, where either side of the point may be empty but not both.
    private static func isDecimalLiteral(_ scalars: String.UnicodeScalarView) -> Bool {
        var rest = scalars[...]
        func digits() -> Int {
            var count = 0
            while let c = rest.first, ("0"..."9").contains(c) { rest.removeFirst(); count += 1 }
            return count
        }
        if rest.first == "+" || rest.first == "-" { rest.removeFirst() }
        var mantissa = digits()
        if rest.first == "." {
            rest.removeFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if rest.first == "e" || rest.first == "E" {
            rest.removeFirst()
            if rest.first == "+" || rest.first == "-" { rest.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return rest.isEmpty
    }

    /// Prints a number like JavaScript (and so GitHub): integers without a point, otherwise the shortest round-trip
    /// digits, switching to exponent notation only below 1e-6 or from 1e21 on.
    static func formatNumber(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        if value == 0 { return "0" }
        // Swift's description already holds the shortest round-trip digits; only the layout differs from JavaScript's.
        let description = value.magnitude.description
        let parts = description.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = pieces[0], fraction = pieces.count > 1 ? pieces[1] : ""
        // The value is 0.<digits> × 10^point.
        var digits = Array(integer + fraction)
        var point = integer.count + exponent
        while digits.first == "0" { digits.removeFirst(); point -= 1 }
        while digits.last == "0" { digits.removeLast() }
        let count = digits.count
        let text: String
        if count <= point && point <= 21 {
            text = String(digits) + String(repeating: "0", count: point - count)
        } else if 0 < point && point <= 21 {
            text = String(digits[..<point]) + "." + String(digits[point...])
        } else if -6 < point && point <= 0 {
            text = "0." + String(repeating: "0", count: -point) + String(digits)
        } else {
            let shown = point - 1
            let head = count == 1 ? String(digits) : String(digits[0]) + "." + String(digits[1...])
            text = head + "e" + (shown < 0 ? "-" : "+") + String(shown.magnitude)
        }
        return value < 0 ? "-" + text : text
    }
}
