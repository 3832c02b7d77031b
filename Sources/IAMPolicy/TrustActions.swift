/// The actions a role trust policy may name: those that start, tag or label a role session.
enum TrustActions {
    static let names = [
        "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity", "sts:TagSession",
        "sts:SetSourceIdentity", "sts:SetContext",
    ]

    /// Whether `pattern` is an `sts:` action pattern naming at least one of them.
    static func allows(_ pattern: String) -> Bool {
        guard pattern.lowercased().hasPrefix("sts:") else { return false }
        let compiled = WildcardPattern(pattern, caseInsensitive: true)
        return names.contains { compiled.matches($0) }
    }
}
