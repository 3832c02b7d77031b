/// An `env:` block: names mapped to raw values (which may hold `${{ }}`), or one expression yielding such a mapping.
enum EnvironmentDefinition: Sendable, Hashable {
    case variables([String: String])
    case expression(String)

    static let empty = EnvironmentDefinition.variables([:])

    /// The literal variables; empty for the expression form.
    var variables: [String: String] {
        if case .variables(let variables) = self { return variables }
        return [:]
    }
}
