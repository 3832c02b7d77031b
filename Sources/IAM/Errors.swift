import SlipwayCore

/// An error of the IAM or STS API, with the code and status botocore's model gives it.
struct IAMError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func noSuchEntity(_ message: String) -> IAMError { IAMError(code: "NoSuchEntity", message: message, httpStatus: 404) }
    static func alreadyExists(_ message: String) -> IAMError { IAMError(code: "EntityAlreadyExists", message: message, httpStatus: 409) }
    static func deleteConflict(_ message: String) -> IAMError { IAMError(code: "DeleteConflict", message: message, httpStatus: 409) }
    static func limitExceeded(_ message: String) -> IAMError { IAMError(code: "LimitExceeded", message: message, httpStatus: 409) }
    static func invalidInput(_ message: String) -> IAMError { IAMError(code: "InvalidInput", message: message, httpStatus: 400) }
    static func malformedPolicy(_ message: String) -> IAMError { IAMError(code: "MalformedPolicyDocument", message: message, httpStatus: 400) }
    static func validation(_ message: String) -> IAMError { IAMError(code: "ValidationError", message: message, httpStatus: 400) }
    static func notAttachable(_ message: String) -> IAMError { IAMError(code: "PolicyNotAttachable", message: message, httpStatus: 400) }
    static func packedPolicyTooLarge(_ message: String) -> IAMError { IAMError(code: "PackedPolicyTooLarge", message: message, httpStatus: 400) }
}

import IAMPolicy

/// Parses a policy document, reporting a bad one as IAM's `MalformedPolicyDocument`.
func parsePolicy(_ text: String, kind: PolicyKind) throws -> PolicyDocument {
    do {
        return try PolicyDocument.parse(text, kind: kind)
    } catch {
        throw IAMError.malformedPolicy(error.message)
    }
}
