import Foundation

/// An error as GitHub's REST API answers it: `{"message", "documentation_url"}` (and `errors` for 422).
struct GitHubError: Error, Sendable {
    let status: Int
    let message: String
    var errors: [[String: String]] = []
    /// Whether IAM refused the call behind it (a hidden repository's 404 is one), for the audit trail.
    var fromDenial = false

    /// The same answer, marked as IAM's refusal.
    var denial: GitHubError {
        var marked = self
        marked.fromDenial = true
        return marked
    }

    static let unauthorized = GitHubError(status: 401, message: "Requires authentication")
    static let badCredentials = GitHubError(status: 401, message: "Bad credentials")
    static let notFound = GitHubError(status: 404, message: "Not Found")
    static func forbidden(_ message: String) -> GitHubError { GitHubError(status: 403, message: message) }
    static func validation(_ field: String, _ code: String, resource: String = "Repository", message: String? = nil) -> GitHubError {
        var error = ["resource": resource, "code": code, "field": field]
        if let message { error["message"] = message }
        return GitHubError(status: 422, message: "Validation Failed", errors: [error])
    }

    var body: [String: Any] {
        var body: [String: Any] = ["message": message, "documentation_url": "https://docs.github.com/rest", "status": String(status)]
        if !errors.isEmpty { body["errors"] = errors }
        return body
    }
}
