/// The kind of policy that decided a request, named as AWS's denial messages name it.
public enum PolicyType: String, Sendable, Hashable {
    case identity = "identity-based"
    case resource = "resource-based"
    case session = "session"
    case boundary = "permissions boundary"

    /// The phrase after "in" in an explicit-deny message: "an identity-based policy", "a permissions boundary".
    var withArticle: String {
        switch self {
        case .identity: "an identity-based policy"
        case .resource: "a resource-based policy"
        case .session: "a session policy"
        case .boundary: "a permissions boundary"
        }
    }

    /// The subject after "because no" in an implicit-deny message: "identity-based policy", "permissions boundary".
    var withoutArticle: String {
        switch self {
        case .identity: "identity-based policy"
        case .resource: "resource-based policy"
        case .session: "session policy"
        case .boundary: "permissions boundary"
        }
    }
}
