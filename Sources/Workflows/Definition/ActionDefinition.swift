/// A parsed action manifest (`action.yml` / `action.yaml`): metadata, inputs, outputs and how it runs. Composite
/// actions carry their steps; `node*` and `docker` actions are parsed so the runner can refuse them by name.
struct ActionDefinition: Sendable, Hashable {
    /// The manifest's path, e.g. `.github/actions/setup/action.yml`.
    var path: String
    var name: String?
    var description: String?
    var author: String?
    /// Inputs in file order.
    var inputs: [ActionInputDefinition] = []
    /// Outputs in file order.
    var outputs: [ActionOutputDefinition] = []
    var runs: ActionRunsDefinition

    /// The input named `id`, if declared.
    func input(_ id: String) -> ActionInputDefinition? { inputs.first { $0.id == id } }
}

/// One input of an action: what it is for, whether it is required and its raw default.
struct ActionInputDefinition: Sendable, Hashable {
    var id: String
    var description: String?
    var required: Bool = false
    /// The default as written (may hold `${{ }}`); nil when absent.
    var defaultValue: String?
    var deprecationMessage: String?
}

/// One output of an action: what it is for and, for composite actions, the raw expression giving its value.
struct ActionOutputDefinition: Sendable, Hashable {
    var id: String
    var description: String?
    var value: String?
}

/// `runs:` of an action: `using` lowercased (`composite`, `node20`, `docker`, …) and what that kind needs.
struct ActionRunsDefinition: Sendable, Hashable {
    var using: String
    /// The steps of a composite action; empty otherwise.
    var steps: [StepDefinition] = []
    /// The entry point of a `node*` action.
    var main: String?
    /// The image of a `docker` action.
    var image: String?

    var isComposite: Bool { using == "composite" }
}
