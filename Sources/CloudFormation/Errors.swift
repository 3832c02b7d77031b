import SlipwayCore

/// CloudFormation's errors: `ValidationError` for nearly everything, and the few with codes of their own.
struct CloudFormationError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func validation(_ message: String) -> CloudFormationError { CloudFormationError(code: "ValidationError", message: message, httpStatus: 400) }
    static func alreadyExists(_ name: String) -> CloudFormationError {
        CloudFormationError(code: "AlreadyExistsException", message: "Stack [\(name)] already exists", httpStatus: 400)
    }
    static func insufficientCapabilities(_ capabilities: [String]) -> CloudFormationError {
        CloudFormationError(code: "InsufficientCapabilitiesException", message: "Requires capabilities : [\(capabilities.joined(separator: ", "))]", httpStatus: 400)
    }
    static func invalidChangeSetStatus(_ message: String) -> CloudFormationError {
        CloudFormationError(code: "InvalidChangeSetStatus", message: message, httpStatus: 400)
    }
    static func noSuchStack(_ name: String) -> CloudFormationError { .validation("Stack with id \(name) does not exist") }
}
