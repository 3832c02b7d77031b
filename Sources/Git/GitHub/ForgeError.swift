import Foundation

/// An error as GitHub's REST API answers it: `{"message", "documentation_url"}` (and `errors` for 422).
public struct ForgeError: Error, Sendable {
    public let status: Int
    public let message: String
    public var errors: [[String: String]] = []
    /// Whether IAM refused the call behind it (a hidden repository's 404 is one), for the audit trail.
    public var fromDenial = false

    public init(status: Int, message: String, errors: [[String: String]] = []) {
        self.status = status
        self.message = message
        self.errors = errors
    }

    /// The same answer, marked as IAM's refusal.
    public var denial: ForgeError {
        var marked = self
        marked.fromDenial = true
        return marked
    }

    public static let unauthorized = ForgeError(status: 401, message: "Requires authentication")
    public static let badCredentials = ForgeError(status: 401, message: "Bad credentials")
    public static let notFound = ForgeError(status: 404, message: "Not Found")
    public static func forbidden(_ message: String) -> ForgeError { ForgeError(status: 403, message: message) }
    public static func validation(_ field: String, _ code: String, resource: String = "Repository", message: String? = nil) -> ForgeError {
        var error = ["resource": resource, "code": code, "field": field]
        if let message { error["message"] = message }
        return ForgeError(status: 422, message: "Validation Failed", errors: [error])
    }

    var body: [String: Any] {
        var body: [String: Any] = ["message": message, "documentation_url": "https://docs.github.com/rest", "status": String(status)]
        if !errors.isEmpty { body["errors"] = errors }
        return body
    }
}
