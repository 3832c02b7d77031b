/// A parsed and validated policy document: the version, an optional id and the statements, in document order.
public struct PolicyDocument: Sendable, Hashable {
    public var version: String?
    public var id: String?
    public var statements: [PolicyStatement]
    /// The grammar the document was validated against; a trust policy must itself allow the principal.
    public var kind: PolicyKind

    public init(version: String? = "2012-10-17", id: String? = nil, statements: [PolicyStatement], kind: PolicyKind = .identity) {
        self.version = version
        self.id = id
        self.statements = statements
        self.kind = kind
    }

    /// Parses and validates; errors are `PolicyError` carrying IAM's `MalformedPolicyDocument` code and AWS's messages.
    public static func parse(_ text: String, kind: PolicyKind) throws(PolicyError) -> PolicyDocument {
        try PolicyParser(kind: kind).parse(text)
    }

    /// Whether `${...}` in Resource and Condition values are policy variables: only version 2012-10-17
    /// has them; older documents read them as plain text.
    public var substitutesVariables: Bool { version == "2012-10-17" }
}
