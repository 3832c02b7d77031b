import SlipwayCore

/// EventBridge's errors.
struct EventsError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func notFound(_ message: String) -> EventsError { EventsError(code: "ResourceNotFoundException", message: message, httpStatus: 400) }
    static func exists(_ message: String) -> EventsError { EventsError(code: "ResourceAlreadyExistsException", message: message, httpStatus: 400) }
    static func validation(_ message: String) -> EventsError { EventsError(code: "ValidationException", message: message, httpStatus: 400) }
    static func invalidPattern(_ message: String) -> EventsError { EventsError(code: "InvalidEventPatternException", message: message, httpStatus: 400) }
    static func limit(_ message: String) -> EventsError { EventsError(code: "LimitExceededException", message: message, httpStatus: 400) }
}
