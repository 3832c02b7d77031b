import Foundation
import ServiceKit
import SlipwayCore

extension IAMModule: RoleCredentialsPort {
    public func credentials(forRole roleARN: String, by servicePrincipal: String, for account: String, sessionName: String, durationSeconds: Int) async throws -> SessionCredentials {
        // The trust policy decides, exactly as when the service assumes the role for itself.
        let session = try await directory.assumeRole(roleARN, by: servicePrincipal, for: account, sessionName: sessionName, conditions: [:])
        guard case .assumedRole(let roleName, let roleARN, let sessionName) = session.kind, let account = session.account else {
            throw AccessDeniedError(message: "\(servicePrincipal) is not authorized to perform: sts:AssumeRole on resource: \(roleARN)")
        }
        let stored = StoredSessionPrincipal(
            kind: .role, arn: session.arn, userID: session.userID, roleName: roleName, roleARN: roleARN, sessionName: sessionName,
            userName: nil, sessionPolicies: nil, sessionPolicyARNs: nil, tags: session.tags
        )
        let issued = try await sts.issue(account: account, principal: stored, duration: durationSeconds)
        return SessionCredentials(
            accessKeyID: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken, expiration: issued.expiration
        )
    }
}
