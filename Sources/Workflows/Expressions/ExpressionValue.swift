import Foundation

/// A value of GitHub Actions' expression language: what contexts hold, what `${{ }}` computes, and what workflow
/// files carry where an expression may stand (matrix values, inputs, `with:` arguments).
enum ExpressionValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ExpressionValue])
    /// An object; keys are looked up case-insensitively (`github.Event_Name` is `github.event_name`), as GitHub does.
    case object([String: ExpressionValue])

    /// The member `key` of an object, found case-insensitively; nil for anything else or a missing key.
    subscript(key: String) -> ExpressionValue? {
        guard case .object(let members) = self else { return nil }
        if let exact = members[key] { return exact }
        let lowered = key.lowercased()
        return members.first { $0.key.lowercased() == lowered }?.value
    }
}
