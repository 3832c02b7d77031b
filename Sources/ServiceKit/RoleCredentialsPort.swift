import Foundation

/// Temporary credentials of a role session, for code that runs as the role (a function's execution environment).
public struct SessionCredentials: Sendable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String
    public var expiration: Date

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String, expiration: Date) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}

/// The port the identity service offers services that hand a role's credentials to code they run (Lambda).
public protocol RoleCredentialsPort: Sendable {
    /// Signing credentials of a session of `roleARN` for `servicePrincipal` acting for `account`, issued only when the
    /// role is exactly the one named, belongs to `account` and its trust policy lets that service assume it; otherwise
    /// `AccessDeniedError` with the explained denial. The session can do only what the role allows.
    func credentials(forRole roleARN: String, by servicePrincipal: String, for account: String, sessionName: String, durationSeconds: Int) async throws -> SessionCredentials
}
