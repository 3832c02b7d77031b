import Testing
import IAMPolicy

/// One row of the evaluation table: a principal's request, the policies in force, and the outcome AWS gives.
struct EvaluationCase: Sendable, CustomTestStringConvertible {
    let name: String
    let request: AuthorizationRequest
    let identity: [String]
    let resourcePolicy: String?
    let resourceKind: PolicyKind
    let boundary: String?
    let session: [String]?
    let expected: Decision.Outcome

    init(
        _ name: String,
        _ principal: PrincipalContext,
        action: String = "s3:GetObject",
        resource: String = Fixture.object,
        owner: String? = nil,
        context: ConditionContext = [:],
        identity: [String] = [],
        resourcePolicy: String? = nil,
        trust: String? = nil,
        boundary: String? = nil,
        session: [String]? = nil,
        expect expected: Decision.Outcome
    ) {
        self.name = name
        request = AuthorizationRequest(
            principal: principal, action: action, resource: resource, resourceAccount: owner, context: context
        )
        self.identity = identity
        self.resourcePolicy = trust ?? resourcePolicy
        resourceKind = trust == nil ? .resource : .trust
        self.boundary = boundary
        self.session = session
        self.expected = expected
    }

    var testDescription: String { name }

    /// The policies parsed as their grammars require; a row whose policy fails to parse fails the test.
    func policies() throws -> PolicySet {
        PolicySet(
            identity: try identity.enumerated().map { index, text in
                AttachedPolicy(id: "identity-\(index)", document: try PolicyDocument.parse(text, kind: .identity))
            },
            resource: try resourcePolicy.map {
                AttachedPolicy(id: "resource", document: try PolicyDocument.parse($0, kind: resourceKind))
            },
            sessionPolicies: try session?.enumerated().map { index, text in
                AttachedPolicy(id: "session-\(index)", document: try PolicyDocument.parse(text, kind: .identity))
            },
            permissionsBoundary: try boundary.map {
                AttachedPolicy(id: "boundary", document: try PolicyDocument.parse($0, kind: .identity))
            }
        )
    }
}
