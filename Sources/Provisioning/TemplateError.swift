/// A template CloudFormation would refuse, with the message CloudFormation gives (`ValidationError`).
public struct TemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    /// "Template format error: …", CloudFormation's prefix for structural problems.
    public static func format(_ detail: String) -> TemplateError {
        TemplateError("Template format error: \(detail)")
    }

    public var description: String { message }
}
