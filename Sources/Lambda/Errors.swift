import SlipwayCore

/// Lambda's errors, with the codes and HTTP statuses the service uses.
struct LambdaError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func invalid(_ message: String) -> LambdaError { LambdaError(code: "InvalidParameterValueException", message: message, httpStatus: 400) }
    static func notFound(_ message: String) -> LambdaError { LambdaError(code: "ResourceNotFoundException", message: message, httpStatus: 404) }
    static func functionNotFound(_ arn: String) -> LambdaError { notFound("Function not found: \(arn)") }
    static func conflict(_ message: String) -> LambdaError { LambdaError(code: "ResourceConflictException", message: message, httpStatus: 409) }
    static func preconditionFailed() -> LambdaError {
        LambdaError(
            code: "PreconditionFailedException",
            message: "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id",
            httpStatus: 412
        )
    }
    static func tooLarge(_ message: String) -> LambdaError { LambdaError(code: "RequestTooLargeException", message: message, httpStatus: 413) }
    static func tooManyRequests(_ message: String) -> LambdaError { LambdaError(code: "TooManyRequestsException", message: message, httpStatus: 429) }
    static func notReady(_ message: String) -> LambdaError { LambdaError(code: "ResourceNotReadyException", message: message, httpStatus: 502) }
}
