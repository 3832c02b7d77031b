/// `defaults.run` of a workflow or job: the default shell and working directory of `run` steps.
struct RunDefaults: Sendable, Hashable {
    var shell: String?
    var workingDirectory: String?
}
