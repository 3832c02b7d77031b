import IAMPolicy

/// S3's meaning of "public" for a bucket policy (Block Public Access, `GetBucketPolicyStatus`): a policy is assumed
/// public, and is non-public only when every Allow statement is bound to fixed principals, or narrowed by a condition
/// to fixed values of the keys S3 documents — never by a wildcard, a policy variable, a negated or `IfExists`
/// operator, `ForAllValues` (which holds when the key is absent), or a source address range broader than /8 (IPv4)
/// or /32 (IPv6).
enum PublicPolicy {
    /// The keys whose fixed values narrow a statement to somebody in particular.
    static let narrowingKeys: Set<String> = [
        "aws:principalorgid", "aws:sourceip", "aws:sourcearn", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceowner", "aws:sourceaccount",
        "aws:userid", "s3:x-amz-server-side-encryption-aws-kms-key-id", "s3:dataaccesspointarn", "s3:dataaccesspointaccount",
    ]

    /// The operators that hold only for the values they name.
    static let narrowingOperators: Set<ConditionOperator.Base> = [.stringEquals, .stringEqualsIgnoreCase, .stringLike, .arnEquals, .arnLike, .ipAddress]

    static func isPublic(_ document: PolicyDocument) -> Bool {
        document.statements.contains { $0.effect == .allow && isPublic($0) }
    }

    static func isPublic(_ statement: PolicyStatement) -> Bool {
        if let principal = statement.principal, !principal.includesEveryone { return false }
        // Everyone (Principal "*"), or everyone but some (NotPrincipal): public unless a condition narrows it.
        return !statement.conditions.contains(where: narrows)
    }

    /// Whether a condition holds only for fixed values of a narrowing key.
    static func narrows(_ clause: ConditionClause) -> Bool {
        let key = clause.key.lowercased()
        let condition = clause.condition
        guard narrowingKeys.contains(key), narrowingOperators.contains(condition.base), !condition.ifExists,
              condition.qualifier != .forAllValues, !clause.values.isEmpty
        else { return false }
        return clause.values.allSatisfy { value in
            guard !value.contains("*"), !value.contains("?"), !value.contains("${") else { return false }
            if key == "aws:sourceip" {
                guard let range = IPAddressRange(value) else { return false }
                return range.prefixLength >= (range.isIPv6 ? 32 : 8)
            }
            return true
        }
    }
}
