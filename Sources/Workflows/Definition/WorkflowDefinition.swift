/// A parsed `.github/workflows/*.yml` file: its name, triggers, shared settings and jobs in file order. Values that
/// may hold `${{ }}` expressions are kept raw for the evaluator.
struct WorkflowDefinition: Sendable, Hashable {
    /// The file's path in the repository, e.g. `.github/workflows/build.yml`.
    var path: String
    var name: String?
    /// `run-name:` as written.
    var runName: String?
    var on: WorkflowTriggers
    /// Workflow-level `env:`; scalars as text (`true`, `1`).
    var env: [String: String] = [:]
    var defaults: RunDefaults?
    var concurrency: ConcurrencyDefinition?
    /// `permissions:` as written; accepted, not enforced.
    var permissions: ExpressionValue?
    /// The jobs in file order.
    var jobs: [JobDefinition] = []

    /// The name GitHub shows: `name:`, or the file path when absent.
    var displayName: String { name ?? path }

    /// The job with id `id`.
    func job(_ id: String) -> JobDefinition? { jobs.first { $0.id == id } }
}
