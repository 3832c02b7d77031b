/// A problem found in a workflow or action file, worded as GitHub reports it, with the file path and, where known,
/// the line and column (1-based) it was found at.
struct WorkflowParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which kind of file the error is about; it only changes the prefix of `description`.
    enum FileKind: Sendable, Hashable {
        case workflow
        case action
    }

    var path: String
    var line: Int?
    var column: Int?
    /// GitHub's message without location, e.g. `Unexpected value 'foo'`.
    var message: String
    var fileKind: FileKind = .workflow

    /// The located message: `.github/workflows/build.yml (Line: 12, Col: 5): Unexpected value 'foo'`, or
    /// `.github/workflows/build.yml: …` when no position is known.
    var located: String {
        guard let line else { return "\(path): \(message)" }
        return "\(path) (Line: \(line), Col: \(column ?? 1)): \(message)"
    }

    /// The full message as GitHub shows it: `The workflow is not valid. <located>`.
    var description: String {
        switch fileKind {
        case .workflow: "The workflow is not valid. \(located)"
        case .action: "The action is not valid. \(located)"
        }
    }
}
