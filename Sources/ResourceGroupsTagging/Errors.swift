import SlipwayCore

/// The tagging API's errors.
struct TaggingError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func invalidParameter(_ message: String) -> TaggingError { TaggingError(code: "InvalidParameterException", message: message, httpStatus: 400) }
}
