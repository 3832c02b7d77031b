import Foundation
import SlipwayCore

/// SageMaker's errors for models, endpoint configurations and endpoints.
struct HostingError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func validation(_ message: String) -> HostingError { HostingError(code: "ValidationException", message: message, httpStatus: 400) }
    static func limit(_ message: String) -> HostingError { HostingError(code: "ResourceLimitExceeded", message: message, httpStatus: 400) }

    /// `1 validation error detected: …` for one member that breaks its constraint.
    static func constraint(_ value: String, member: String, _ constraint: String) -> HostingError {
        validation("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: \(constraint)")
    }

    static func check(_ value: String, member: String, pattern: String, max: Int) throws {
        guard value.count <= max else { throw constraint(value, member: member, "Member must have length less than or equal to \(max)") }
        guard value.range(of: "^(?:\(pattern))$", options: .regularExpression) != nil else {
            throw constraint(value, member: member, "Member must satisfy regular expression pattern: \(pattern)")
        }
    }

    static func checkTags(_ tags: [TagShape]?) throws {
        guard let tags else { return }
        if tags.count > 50 {
            throw validation("1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")
        }
        for tag in tags where tag.key.isEmpty || tag.key.count > 128 || tag.value.count > 256 {
            throw validation("1 validation error detected: Value '\(tag.key)' at 'tags' failed to satisfy constraint: Member must have length between 1 and 128")
        }
    }

    static let namePattern = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
    static let modelNamePattern = "[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?"
}

/// Why an endpoint's model servers could not be brought up: the text becomes its `FailureReason`.
struct ServingFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
