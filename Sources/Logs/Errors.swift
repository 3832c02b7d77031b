import SlipwayCore

/// CloudWatch Logs' errors, with the codes and statuses its service model gives them.
struct LogsError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func invalidParameter(_ message: String) -> LogsError { LogsError(code: "InvalidParameterException", message: message, httpStatus: 400) }
    static func notFound(_ message: String) -> LogsError { LogsError(code: "ResourceNotFoundException", message: message, httpStatus: 400) }
    static func exists(_ message: String) -> LogsError { LogsError(code: "ResourceAlreadyExistsException", message: message, httpStatus: 400) }
    static func groupNotFound() -> LogsError { notFound("The specified log group does not exist.") }
    static func streamNotFound() -> LogsError { notFound("The specified log stream does not exist.") }
}
