/// The principals a `Principal` or `NotPrincipal` element names, grouped by type.
///
/// `everyone` is the bare `"Principal": "*"`; `{"AWS": "*"}` keeps its written form in `aws`
/// and matches the same principals, as AWS treats the two alike. AWS values keep their written
/// form: a 12-digit account, an account root ARN, a user, role or assumed-role session ARN, or
/// a unique ID.
public struct PrincipalSet: Sendable, Hashable {
    public var everyone: Bool
    public var aws: [String]
    public var service: [String]
    public var federated: [String]
    public var canonicalUser: [String]

    public init(
        everyone: Bool = false,
        aws: [String] = [],
        service: [String] = [],
        federated: [String] = [],
        canonicalUser: [String] = []
    ) {
        self.everyone = everyone
        self.aws = aws
        self.service = service
        self.federated = federated
        self.canonicalUser = canonicalUser
    }

    /// `"Principal": "*"`.
    public static let anyone = PrincipalSet(everyone: true)

    /// Whether the set names every principal, in either of its spellings.
    public var includesEveryone: Bool { everyone || aws.contains("*") }
}
