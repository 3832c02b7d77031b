/// Why a browser is at the sign-in page or was refused, by a short code a redirect can carry, so no page ever shows
/// text a link made up.
enum SignInNotice: String, Sendable, Equatable {
    case required
    case signedOut = "signed-out"
    case expired
    case idle
    case keyRevoked = "key-revoked"
    case roleRevoked = "role-revoked"
    case credentialsExpired = "credentials-expired"
    case invalidCredentials = "invalid-credentials"
    case linkUsed = "link-used"

    var text: String {
        switch self {
        case .required: "Sign in to use the console."
        case .signedOut: "You have signed out."
        case .expired: "Your session has expired. Sign in again."
        case .idle: "Your session ended after a period without activity. Sign in again."
        case .keyRevoked: "The access key this session was opened with can no longer be used. Sign in again."
        case .roleRevoked: "The role this session acted as can no longer be used. Open the console again from a new presigned URL."
        case .credentialsExpired: "The temporary credentials this session was opened with have expired."
        case .invalidCredentials: "The access key ID, secret access key or session token is not valid."
        case .linkUsed: "This presigned URL is not valid: it has expired or was already used. Create a new one."
        }
    }
}
