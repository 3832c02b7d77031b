/// A policy that applies, with the name AWS reports (policy ARN or inline name).
public struct AttachedPolicy: Sendable, Hashable {
    public var id: String
    public var document: PolicyDocument

    public init(id: String, document: PolicyDocument) {
        self.id = id
        self.document = document
    }
}
