import Foundation

/// One step of a job or composite action: either a `run` script or a `uses` action, with its settings as written.
struct StepDefinition: Sendable, Hashable {
    /// What the step does.
    enum Kind: Sendable, Hashable {
        /// A shell script (`run:`).
        case run(String)
        /// An action reference (`uses:`), e.g. `actions/checkout@v4`, `./.github/actions/x`, `docker://alpine`.
        case uses(String)
    }

    var kind: Kind
    var id: String?
    var name: String?
    /// `if:` as written; nil when absent.
    var ifCondition: String?
    var shell: String?
    /// `with:` arguments of a `uses` step; scalars as text (`3.10` reads as the number 3.1 and gives `3.1`, as on GitHub).
    var with: [String: String] = [:]
    var env: EnvironmentDefinition = .empty
    var workingDirectory: String?
    var continueOnError: BoolOrExpression = .value(false)
    var timeoutMinutes: NumberOrExpression?

    /// The script of a `run` step.
    var run: String? {
        if case .run(let script) = kind { return script }
        return nil
    }

    /// The action reference of a `uses` step.
    var uses: String? {
        if case .uses(let reference) = kind { return reference }
        return nil
    }

    /// The name GitHub shows: `name:`, else `Run <first line of the script>` or `Run <uses>`.
    var displayName: String {
        if let name, !name.isEmpty { return name }
        switch kind {
        case .run(let script):
            let firstLine = script.split(whereSeparator: \.isNewline)
                .lazy.map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? ""
            return "Run \(firstLine)"
        case .uses(let reference):
            return "Run \(reference)"
        }
    }
}
