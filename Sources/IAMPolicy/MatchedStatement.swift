/// A statement that took part in a decision, as `SimulatePrincipalPolicy` reports it.
public struct MatchedStatement: Sendable, Hashable {
    /// The policy ARN or inline policy name.
    public var policyID: String
    public var policyType: PolicyType
    public var sid: String?
    public var effect: PolicyStatement.Effect
    /// The statement's position in its document, from zero.
    public var index: Int

    public init(policyID: String, policyType: PolicyType, sid: String?, effect: PolicyStatement.Effect, index: Int) {
        self.policyID = policyID
        self.policyType = policyType
        self.sid = sid
        self.effect = effect
        self.index = index
    }
}
