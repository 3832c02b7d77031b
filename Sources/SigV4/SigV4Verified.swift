/// A request whose signature checked out, with the key that verified it (needed to verify `aws-chunked` bodies).
public struct SigV4Verified: Sendable {
    public let claim: SigV4Claim
    public let signingKey: SigningKey

    public init(claim: SigV4Claim, signingKey: SigningKey) {
        self.claim = claim
        self.signingKey = signingKey
    }
}
