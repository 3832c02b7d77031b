/// One job of a workflow as written. Jobs Slipway cannot run (`services`, or a reusable workflow via `uses`) parse
/// all the same, with those settings kept raw so the runner can refuse them by name.
struct JobDefinition: Sendable, Hashable {
    var id: String
    /// `name:` as written (may hold expressions).
    var name: String?
    var runsOn: RunsOnDefinition?
    /// The ids of the jobs this job needs, in file order.
    var needs: [String] = []
    /// `if:` as written (booleans as `true`/`false`); nil when absent.
    var ifCondition: String?
    var env: EnvironmentDefinition = .empty
    /// `outputs:` names mapped to raw values.
    var outputs: [String: String] = [:]
    var environment: JobEnvironment?
    var concurrency: ConcurrencyDefinition?
    var timeoutMinutes: NumberOrExpression = .value(360)
    var continueOnError: BoolOrExpression = .value(false)
    var defaults: RunDefaults?
    var strategy: StrategyDefinition?
    var permissions: ExpressionValue?
    var steps: [StepDefinition] = []
    /// `container:` as written, if any: its image maps to an image profile.
    var container: ExpressionValue?
    /// `services:` as written, if any (not supported by Slipway's runner).
    var services: ExpressionValue?
    /// The reusable workflow of a `uses:` job, if any (not supported by Slipway's runner).
    var uses: String?
    /// `with:` and `secrets:` of a `uses:` job, as written.
    var with: ExpressionValue?
    var secrets: ExpressionValue?

    /// The name GitHub shows before matrix values are added: `name:`, or the job id.
    var displayName: String {
        if let name, !name.isEmpty { return name }
        return id
    }

    /// The keys of settings Slipway's runner does not support that this job uses, in a fixed order.
    var unsupportedKeys: [String] {
        [("services", services != nil), ("uses", uses != nil)]
            .filter(\.1).map(\.0)
    }
}

/// `runs-on:`: runner labels (each raw, may be an expression) and an optional runner group.
struct RunsOnDefinition: Sendable, Hashable {
    var labels: [String] = []
    var group: String?
}

/// A job's deployment `environment:`: its name and optional URL, both raw.
struct JobEnvironment: Sendable, Hashable {
    var name: String
    var url: String?
    /// `deployment: false` turns off the deployment record; nil when absent.
    var deployment: Bool?
}
