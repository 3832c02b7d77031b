/// The port the console offers SageMaker's `CreatePresignedDomainUrl`: a single-use sign-in link that opens the
/// console as a user profile's execution role, as Studio's presigned URLs open Studio.
public protocol ConsoleLinkPort: Sendable {
    /// A token for `/console/auth?token=…`, usable once within `expiresIn` seconds, that opens a console session of
    /// `sessionSeconds` acting as `roleARN` (assumed by SageMaker) under the session name `sessionName` in `account`.
    func signInToken(account: String, roleARN: String, sessionName: String, sessionSeconds: Int, expiresIn: Int) async throws -> String
}
