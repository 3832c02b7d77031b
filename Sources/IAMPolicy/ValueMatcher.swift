/// One policy value ready to be compared with request values; negation is applied by the caller.
enum ValueMatcher {
    case equals(String)
    case equalsIgnoringCase(String)
    case like(WildcardPattern)
    case arn(WildcardPattern)
    /// The policy's number (nil when unreadable) and how a request value must compare to it.
    case number(Double?, Comparison)
    case date(Double?, Comparison)
    case bytes([UInt8]?)
    case ipRange(IPAddressRange?)

    func matches(_ value: String) -> Bool {
        switch self {
        case .equals(let expected):
            return value == expected
        case .equalsIgnoringCase(let expected):
            return value.lowercased() == expected
        case .like(let pattern):
            return pattern.matches(value)
        case .arn(let pattern):
            return pattern.matchesARN(value)
        case .number(let expected, let compare):
            guard let expected, let actual = ConditionValue.number(value) else { return false }
            return compare.holds(actual, expected)
        case .date(let expected, let compare):
            guard let expected, let actual = ConditionValue.date(value) else { return false }
            return compare.holds(actual, expected)
        case .bytes(let expected):
            guard let expected else { return false }
            return (ConditionValue.bytes(value) ?? Array(value.utf8)) == expected
        case .ipRange(let range):
            return range?.contains(value) ?? false
        }
    }
}

/// How a request's number or date must stand to the policy's.
enum Comparison {
    case equal, less, lessOrEqual, greater, greaterOrEqual

    func holds(_ actual: Double, _ expected: Double) -> Bool {
        switch self {
        case .equal: actual == expected
        case .less: actual < expected
        case .lessOrEqual: actual <= expected
        case .greater: actual > expected
        case .greaterOrEqual: actual >= expected
        }
    }
}
