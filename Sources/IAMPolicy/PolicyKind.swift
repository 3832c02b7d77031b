/// Which grammar a document follows.
///
/// `identity` also covers session policies and permissions boundaries: no `Principal` is
/// allowed. `resource` requires `Principal` or `NotPrincipal`. `trust` is a role trust policy:
/// resource rules, no `Resource`, and only the STS actions that start or tag a role session.
public enum PolicyKind: Sendable, Hashable {
    case identity
    case resource
    case trust
}
