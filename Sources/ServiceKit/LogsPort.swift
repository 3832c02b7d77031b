/// The port the logs service offers services that run code (functions, jobs, workflows): their output goes to
/// CloudWatch Logs groups and streams, where clients read it.
public protocol LogsPort: Sendable {
    /// Appends `messages`, stamped now and in order, to `stream` of `group`, making both when missing. It does not wait
    /// for the write, and a failed write never fails the caller.
    func append(_ messages: [String], group: String, stream: String, account: String, region: String)
    /// Every message of `group`, oldest first, once what was appended before the call is written.
    func messages(group: String, account: String, region: String) async throws -> [String]
}
