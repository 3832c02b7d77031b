import Foundation
import ServiceKit
import SlipwayCore

/// The presigned domain URLs `CreatePresignedDomainUrl` hands out: single-use tokens, kept only as hashes, each
/// opening one console session as a user profile's execution role.
public struct ConsoleLinks: ConsoleLinkPort {
    let store: ConsoleStore
    let clock: any WallClock

    public func signInToken(account: String, roleARN: String, sessionName: String, sessionSeconds: Int, expiresIn: Int) async throws -> String {
        let token = SecretTokens.make()
        let now = clock.now()
        try await store.saveLink(
            ConsoleStore.Link(account: account, roleARN: roleARN, sessionName: sessionName, sessionSeconds: sessionSeconds),
            tokenHash: SecretTokens.hash(token), expires: now.addingTimeInterval(Double(expiresIn)), now: now
        )
        return token
    }

    /// The link `token` names, used up; nil when it is unknown, expired or already used.
    func redeem(_ token: String) async throws -> ConsoleStore.Link? {
        guard !token.isEmpty else { return nil }
        return try await store.redeemLink(tokenHash: SecretTokens.hash(token), now: clock.now())
    }
}
