/// A condition operator with its optional set qualifier and `IfExists` suffix, such as `ForAnyValue:StringLikeIfExists`.
public struct ConditionOperator: Sendable, Hashable, CustomStringConvertible {
    /// The comparison itself, named as AWS spells it.
    public enum Base: String, Sendable, Hashable, CaseIterable {
        case stringEquals = "StringEquals"
        case stringNotEquals = "StringNotEquals"
        case stringEqualsIgnoreCase = "StringEqualsIgnoreCase"
        case stringNotEqualsIgnoreCase = "StringNotEqualsIgnoreCase"
        case stringLike = "StringLike"
        case stringNotLike = "StringNotLike"
        case numericEquals = "NumericEquals"
        case numericNotEquals = "NumericNotEquals"
        case numericLessThan = "NumericLessThan"
        case numericLessThanEquals = "NumericLessThanEquals"
        case numericGreaterThan = "NumericGreaterThan"
        case numericGreaterThanEquals = "NumericGreaterThanEquals"
        case dateEquals = "DateEquals"
        case dateNotEquals = "DateNotEquals"
        case dateLessThan = "DateLessThan"
        case dateLessThanEquals = "DateLessThanEquals"
        case dateGreaterThan = "DateGreaterThan"
        case dateGreaterThanEquals = "DateGreaterThanEquals"
        case bool = "Bool"
        case binaryEquals = "BinaryEquals"
        case ipAddress = "IpAddress"
        case notIpAddress = "NotIpAddress"
        case arnEquals = "ArnEquals"
        case arnLike = "ArnLike"
        case arnNotEquals = "ArnNotEquals"
        case arnNotLike = "ArnNotLike"
        case null = "Null"

        /// Whether the operator is the negation of a matching operator: true when no value matches.
        public var isNegated: Bool {
            switch self {
            case .stringNotEquals, .stringNotEqualsIgnoreCase, .stringNotLike, .numericNotEquals,
                 .dateNotEquals, .notIpAddress, .arnNotEquals, .arnNotLike:
                true
            default:
                false
            }
        }

        /// Whether policy variables in the values are replaced (String, ARN and Bool operators only).
        public var substitutesVariables: Bool {
            switch self {
            case .stringEquals, .stringNotEquals, .stringEqualsIgnoreCase, .stringNotEqualsIgnoreCase,
                 .stringLike, .stringNotLike, .arnEquals, .arnLike, .arnNotEquals, .arnNotLike, .bool:
                true
            default:
                false
            }
        }
    }

    /// How a multivalued context key is compared with the policy's values.
    public enum SetQualifier: String, Sendable, Hashable {
        case forAllValues = "ForAllValues"
        case forAnyValue = "ForAnyValue"
    }

    public var base: Base
    public var qualifier: SetQualifier?
    public var ifExists: Bool

    public init(_ base: Base, qualifier: SetQualifier? = nil, ifExists: Bool = false) {
        self.base = base
        self.qualifier = qualifier
        self.ifExists = ifExists
    }

    /// Reads an operator name exactly as AWS spells it; `nil` for an unknown name or `NullIfExists`.
    public init?(name: String) {
        var rest = Substring(name)
        let qualifier = [SetQualifier.forAllValues, .forAnyValue].first { rest.hasPrefix($0.rawValue + ":") }
        if let qualifier { rest = rest.dropFirst(qualifier.rawValue.count + 1) }
        var ifExists = false
        if rest.hasSuffix("IfExists") {
            ifExists = true
            rest = rest.dropLast("IfExists".count)
        }
        guard let base = Base(rawValue: String(rest)), !(base == .null && ifExists) else { return nil }
        self.init(base, qualifier: qualifier, ifExists: ifExists)
    }

    public var description: String {
        (qualifier.map { $0.rawValue + ":" } ?? "") + base.rawValue + (ifExists ? "IfExists" : "")
    }
}

extension ConditionOperator.Base {
    /// Whether the operator compares dates, whose values IAM checks when the policy is stored.
    var isDate: Bool {
        switch self {
        case .dateEquals, .dateNotEquals, .dateLessThan, .dateLessThanEquals, .dateGreaterThan, .dateGreaterThanEquals:
            true
        default:
            false
        }
    }
}
