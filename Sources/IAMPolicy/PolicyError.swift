import SlipwayCore

/// A policy document that does not follow the policy grammar: IAM's `MalformedPolicyDocument`, with AWS's message.
public struct PolicyError: ServiceError, Hashable, CustomStringConvertible {
    public var code: String { "MalformedPolicyDocument" }
    public let message: String
    public var httpStatus: Int { 400 }

    public init(message: String) {
        self.message = message
    }

    init(_ problem: PolicyProblem, kind: PolicyKind) {
        self.init(message: problem.message(for: kind))
    }

    public var description: String { "\(code): \(message)" }
}
