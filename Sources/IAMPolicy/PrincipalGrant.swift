/// How directly a resource policy names the principal, which decides the implicit denies that still bind.
///
/// A grant to the user or session itself stands alone; a grant to the role of a session is still
/// limited by the session's permissions boundary and session policies; a grant to the account
/// only delegates to the account, whose identity policies must allow too.
enum PrincipalGrant: Int, Comparable {
    case account
    case role
    case direct

    static func < (lhs: PrincipalGrant, rhs: PrincipalGrant) -> Bool { lhs.rawValue < rhs.rawValue }
}
