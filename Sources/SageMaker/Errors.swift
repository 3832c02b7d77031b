import SlipwayCore

/// SageMaker's errors: `ValidationException` for most refusals, and the named ones of the service model.
struct SageMakerError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func validation(_ message: String) -> SageMakerError { SageMakerError(code: "ValidationException", message: message, httpStatus: 400) }
    static func resourceNotFound(_ message: String) -> SageMakerError { SageMakerError(code: "ResourceNotFound", message: message, httpStatus: 400) }
    static func resourceInUse(_ message: String) -> SageMakerError { SageMakerError(code: "ResourceInUse", message: message, httpStatus: 400) }
    static func resourceLimitExceeded(_ message: String) -> SageMakerError { SageMakerError(code: "ResourceLimitExceeded", message: message, httpStatus: 400) }
    static func conflict(_ message: String) -> SageMakerError { SageMakerError(code: "ConflictException", message: message, httpStatus: 400) }
}
