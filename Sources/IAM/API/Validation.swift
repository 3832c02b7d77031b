/// Checks inputs against the constraints of the IAM model, with the message format AWS uses.
enum Validate {
    /// `[\w+=,.@-]+` within the length bounds (user, role, group, policy and session names).
    static func name(_ value: String, member: String, max: Int, min: Int = 1) throws {
        try length(value, member: member, min: min, max: max)
        let allowed = value.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", "+", "=", ",", ".", "@", "-": true
            default: false
            }
        }
        guard allowed else {
            throw IAMError.validation(
                "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"
            )
        }
    }

    /// A length constraint.
    static func length(_ value: String, member: String, min: Int, max: Int) throws {
        let count = value.count
        if count < min {
            throw IAMError.validation(
                "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must have length greater than or equal to \(min)"
            )
        }
        if count > max {
            throw IAMError.validation(
                "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must have length less than or equal to \(max)"
            )
        }
    }

    /// An IAM path: `/` or `/segments/` of printable ASCII, at most 512 characters.
    static func path(_ value: String?, member: String = "path") throws -> String {
        guard let value else { return "/" }
        try length(value, member: member, min: 1, max: 512)
        let printable = value.unicodeScalars.allSatisfy { $0.value >= 0x21 && $0.value <= 0x7E }
        guard value == "/" || (value.hasPrefix("/") && value.hasSuffix("/") && printable) else {
            throw IAMError.validation(
                "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)"
            )
        }
        return value
    }

    /// A policy document's size and characters before parsing.
    static func policyDocument(_ value: String, member: String = "policyDocument", max: Int = 131_072) throws {
        try length(value, member: member, min: 1, max: max)
    }

    /// Tags: at most 50, keys 1–128 and values 0–256 characters, keys unique.
    static func tags(_ tags: [TagShape]?) throws {
        guard let tags else { return }
        if tags.count > 50 {
            throw IAMError.limitExceeded("The number of tags has reached the maximum limit.")
        }
        var seen = Set<String>()
        for tag in tags {
            try length(tag.key, member: "tags.member.key", min: 1, max: 128)
            try length(tag.value, member: "tags.member.value", min: 0, max: 256)
            guard seen.insert(tag.key.lowercased()).inserted else {
                throw IAMError.invalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.")
            }
        }
    }
}
