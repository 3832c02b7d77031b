/// The events that start a workflow (`on:`): the names in file order, typed settings for the events Slipway acts on,
/// and the raw settings of any other event.
struct WorkflowTriggers: Sendable, Hashable {
    /// Every event name, in file order.
    var events: [String] = []
    var push: PushTrigger?
    var pullRequest: PullRequestTrigger?
    var pullRequestTarget: PullRequestTrigger?
    var workflowDispatch: WorkflowDispatchTrigger?
    var repositoryDispatch: RepositoryDispatchTrigger?
    /// `schedule:` entries in file order; empty without a schedule.
    var schedule: [ScheduleTrigger] = []
    var workflowCall: WorkflowCallTrigger?
    /// The settings of other events as written (`.null` when the event has none), by event name.
    var other: [String: ExpressionValue] = [:]

    /// Whether the workflow lists `event` under `on:`.
    func contains(_ event: String) -> Bool { events.contains(event) }
}

/// `on.push`: branch, tag and path filters deciding which pushes start the workflow.
struct PushTrigger: Sendable, Hashable {
    var branches: PatternFilter?
    var tags: PatternFilter?
    var paths: PatternFilter?

    /// Whether a push of `ref` (`refs/heads/…` or `refs/tags/…`) passes the branch and tag filters. Branch filters
    /// never apply to tags nor tag filters to branches; with only one kind given, pushes of the other kind do not
    /// trigger; with neither, both do.
    func matches(ref: String) -> Bool {
        if ref.hasPrefix("refs/heads/") {
            let branch = String(ref.dropFirst("refs/heads/".count))
            if let branches { return branches.allows(branch) }
            return tags == nil
        }
        if ref.hasPrefix("refs/tags/") {
            let tag = String(ref.dropFirst("refs/tags/".count))
            if let tags { return tags.allows(tag) }
            return branches == nil
        }
        return branches == nil && tags == nil
    }

    /// Whether the changed files pass the path filter: at least one path matches `paths`, or at least one is not
    /// ignored by `paths-ignore`. Nil means the changes are unknown (GitHub then runs the workflow).
    func matches(changedPaths: [String]?) -> Bool {
        guard let paths, let changedPaths else { return true }
        return changedPaths.contains { paths.allows($0) }
    }

    /// Both filters together; path filters are not evaluated for pushes of tags, as on GitHub.
    func matches(ref: String, changedPaths: [String]?) -> Bool {
        guard matches(ref: ref) else { return false }
        return ref.hasPrefix("refs/tags/") || matches(changedPaths: changedPaths)
    }
}

/// `on.pull_request` / `on.pull_request_target`: activity types and base-branch and path filters (kept, not fired).
struct PullRequestTrigger: Sendable, Hashable {
    var types: [String] = []
    var branches: PatternFilter?
    var paths: PatternFilter?
}

/// `on.workflow_dispatch`: the inputs a manual run asks for, in file order.
struct WorkflowDispatchTrigger: Sendable, Hashable {
    var inputs: [WorkflowInputDefinition] = []

    /// The input named `id`, if declared.
    func input(_ id: String) -> WorkflowInputDefinition? { inputs.first { $0.id == id } }
}

/// One input of `workflow_dispatch` or `workflow_call`.
struct WorkflowInputDefinition: Sendable, Hashable {
    /// The documented input types; `string` when `type` is absent.
    enum InputType: String, Sendable, Hashable, CaseIterable {
        case string, boolean, number, choice, environment
    }

    var id: String
    var description: String?
    var required: Bool = false
    /// The default typed by `type` (`.bool` for boolean, `.number` for number, `.string` otherwise, or the raw
    /// expression string for `workflow_call`); nil when absent.
    var defaultValue: ExpressionValue?
    var type: InputType = .string
    /// The choices of a `choice` input, in file order.
    var options: [String] = []
}

/// `on.repository_dispatch`: the event types that start the workflow; empty means any type.
struct RepositoryDispatchTrigger: Sendable, Hashable {
    var types: [String] = []

    /// Whether a dispatch of `type` starts the workflow.
    func matches(type: String) -> Bool { types.isEmpty || types.contains(type) }
}

/// One `on.schedule` entry: the cron text as written, its optional time zone, and the parsed schedule.
struct ScheduleTrigger: Sendable, Hashable {
    var cron: String
    var timezone: String?
    var schedule: CronSchedule
}

/// `on.workflow_call`: the inputs of a reusable workflow, with its secrets and outputs kept raw.
struct WorkflowCallTrigger: Sendable, Hashable {
    var inputs: [WorkflowInputDefinition] = []
    var secrets: ExpressionValue?
    var outputs: ExpressionValue?
}
