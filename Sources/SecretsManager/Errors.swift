import SlipwayCore

/// Secrets Manager's errors. None carries a secret value: messages name secrets, never their contents.
struct SecretsError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func notFound() -> SecretsError {
        SecretsError(code: "ResourceNotFoundException", message: "Secrets Manager can't find the specified secret.", httpStatus: 400)
    }
    static func exists(_ name: String) -> SecretsError {
        SecretsError(code: "ResourceExistsException", message: "The operation failed because the secret \(name) already exists.", httpStatus: 400)
    }
    static func invalidRequest(_ message: String) -> SecretsError { SecretsError(code: "InvalidRequestException", message: message, httpStatus: 400) }
    static func invalidParameter(_ message: String) -> SecretsError { SecretsError(code: "InvalidParameterException", message: message, httpStatus: 400) }
    static func malformedPolicy(_ message: String) -> SecretsError { SecretsError(code: "MalformedPolicyDocumentException", message: message, httpStatus: 400) }
}
