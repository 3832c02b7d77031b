import Foundation

/// A change set as stored: the stack change it proposes (template, parameters, settings), the changes it
/// previewed, and where it is in its life (created, executed, obsolete).
struct ChangeSetRecord: Sendable {
    var changeSetID: String
    var stackID: String
    var name: String
    /// `CREATE` (for a stack in `REVIEW_IN_PROGRESS`) or `UPDATE`.
    var type: String
    var status: String
    var statusReason: String?
    var executionStatus: String
    var description: String?
    var templateBody: String
    var parameters: [String: String]
    var capabilities: [String]
    /// The stack's new tags; nil keeps the stack's.
    var tags: [StackTagShape]?
    var roleARN: String?
    var changes: [ChangeShape]
    var created: Date
}
