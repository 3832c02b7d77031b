import Foundation

extension JobRunner {
    /// The runner's side of "Set up job": the event file, GitHub's contexts and default variables, the workflow's and
    /// job's `env` evaluated, and a refusal of what this runner does not run (containers, services, reusable
    /// workflows, actions it does not provide).
    func setUp(_ job: WorkflowJobRecord, _ assignment: Assignment, directories: JobDirectories, masker: LogMasker, log: JobLog) throws -> Scope {
        let run = assignment.run
        let definition = assignment.definition
        log.write([
            "Current runner version: 'slipway'", "Runner name: '\(environment.runnerName)'", "Operating System", "  Linux", "Runner Image", "  slipway-sandbox",
        ])
        if let review = job.review, let environment = job.environment {
            log.write("Deployment to environment '\(environment)' \(review.state) by \(review.reviewer)" + (review.comment.isEmpty ? "" : ": \(review.comment)"))
        }
        if let unsupported = definition.unsupportedKeys.first {
            throw StepFailure("This runner does not support '\(unsupported)' in job '\(definition.id)': jobs run in a sandbox on the Slipway host.")
        }
        for step in definition.steps {
            if let uses = step.uses, BuiltinAction(uses) == nil, !uses.hasPrefix("./") {
                throw StepFailure(BuiltinAction.unsupportedMessage(uses))
            }
        }
        let eventDirectory = "\(directories.temp)/_github_workflow"
        let eventPath = "\(eventDirectory)/event.json"
        try directories.makeDirectory(eventDirectory)
        try directories.create(eventPath, contents: Array(run.payloadJSON.utf8))
        let server = environment.serverURL
        let refName = run.ref.split(separator: "/", maxSplits: 2).dropFirst(2).first.map(String.init) ?? run.ref
        let refType = run.ref.hasPrefix("refs/tags/") ? "tag" : "branch"
        let repositoryID = String(run.repositoryNumber)
        let github: [String: ExpressionValue] = [
            "action": .string(""), "action_path": .string(""), "actor": .string(run.actorLogin), "api_url": .string(server + "/api/v3"),
            "base_ref": .string(""), "event": assignment.event, "event_name": .string(run.event), "event_path": .string(eventPath),
            "graphql_url": .string(server + "/api/graphql"), "head_ref": .string(""), "job": .string(definition.id), "ref": .string(run.ref),
            "ref_name": .string(refName), "ref_protected": .bool(false), "ref_type": .string(refType), "repository": .string(run.fullName),
            "repository_id": .string(repositoryID), "repository_owner": .string(run.ownerLogin),
            "repository_owner_id": .string(String(run.ownerNumber)), "repositoryUrl": .string("\(server)/\(run.fullName).git"),
            "retention_days": .string("90"), "run_attempt": .string(String(run.attempt)), "run_id": .string(String(run.id)),
            "run_number": .string(String(run.runNumber)), "server_url": .string(server), "sha": .string(run.headSha), "token": .string(""),
            "triggering_actor": .string(run.actorLogin), "workflow": .string(run.workflowName),
            "workflow_ref": .string("\(run.fullName)/\(run.workflowPath)@\(run.ref)"), "workflow_sha": .string(run.headSha),
            "workspace": .string(directories.workspace),
        ]
        let runner: ExpressionValue = .object([
            "name": .string(environment.runnerName), "os": .string("Linux"), "arch": .string(Self.architecture), "temp": .string(directories.temp),
            "tool_cache": .string(directories.toolCache), "environment": .string("self-hosted"), "debug": .string(""),
        ])
        var scope = Scope(github: github, env: [:], assignment: assignment, runner: runner, secrets: assignment.secrets)
        scope.workspace = directories.hostURL(directories.workspace).map { ($0, directories.runner) }
        for value in assignment.secrets.values { masker.add(value) }
        // The workflow's env may use every context but env itself; the job's sees the workflow's.
        let evaluator = ExpressionEvaluator(context: scope.context(withEnvironment: false))
        for (name, raw) in assignment.workflow.env.sorted(by: { $0.key < $1.key }) { scope.env[name] = try evaluator.interpolate(raw) }
        scope.env.merge(try evaluatedEnvironment(definition.env, scope: scope)) { _, job in job }
        return scope
    }

    /// An `env:` block's values, each interpolated (or the whole block from one expression).
    func evaluatedEnvironment(_ block: EnvironmentDefinition, scope: Scope) throws -> [String: String] {
        let evaluator = ExpressionEvaluator(context: scope.context())
        switch block {
        case .variables(let variables):
            var result: [String: String] = [:]
            for (name, raw) in variables { result[name] = try evaluator.interpolate(raw) }
            return result
        case .expression(let text):
            guard case .object(let members) = try evaluator.evaluateTemplate(text) else {
                throw StepFailure("The env expression '\(text)' did not give a mapping.")
            }
            return members.mapValues(\.stringValue)
        }
    }

    /// The process architecture as GitHub names it.
    static var architecture: String {
        #if arch(arm64)
        "ARM64"
        #else
        "X64"
        #endif
    }

    /// The variables every step gets, which its `env` cannot change (GitHub's `GITHUB_*` and `RUNNER_*`), with this
    /// server as the AWS and MLflow endpoint.
    func defaultVariables(scope: Scope, directories: JobDirectories, files: StepFiles, action: String) -> [String: String] {
        let github = scope.github
        func value(_ key: String) -> String { github[key]?.stringValue ?? "" }
        var variables: [String: String] = [
            "CI": "true", "GITHUB_ACTIONS": "true", "GITHUB_ACTION": action, "GITHUB_ACTOR": value("actor"), "GITHUB_ACTOR_ID": value("repository_owner_id"),
            "GITHUB_API_URL": value("api_url"), "GITHUB_SERVER_URL": value("server_url"), "GITHUB_GRAPHQL_URL": value("graphql_url"),
            "GITHUB_EVENT_NAME": value("event_name"), "GITHUB_EVENT_PATH": value("event_path"), "GITHUB_JOB": value("job"), "GITHUB_REF": value("ref"),
            "GITHUB_REF_NAME": value("ref_name"), "GITHUB_REF_TYPE": value("ref_type"), "GITHUB_REF_PROTECTED": "false", "GITHUB_REPOSITORY": value("repository"),
            "GITHUB_REPOSITORY_ID": value("repository_id"), "GITHUB_REPOSITORY_OWNER": value("repository_owner"),
            "GITHUB_REPOSITORY_OWNER_ID": value("repository_owner_id"), "GITHUB_RETENTION_DAYS": "90", "GITHUB_RUN_ATTEMPT": value("run_attempt"),
            "GITHUB_RUN_ID": value("run_id"), "GITHUB_RUN_NUMBER": value("run_number"), "GITHUB_SHA": value("sha"), "GITHUB_WORKFLOW": value("workflow"),
            "GITHUB_WORKFLOW_REF": value("workflow_ref"), "GITHUB_WORKFLOW_SHA": value("workflow_sha"), "GITHUB_WORKSPACE": directories.workspace,
            "GITHUB_TRIGGERING_ACTOR": value("triggering_actor"), "GITHUB_BASE_REF": "", "GITHUB_HEAD_REF": "",
            "GITHUB_OUTPUT": files.output, "GITHUB_ENV": files.env, "GITHUB_PATH": files.path, "GITHUB_STEP_SUMMARY": files.summary, "GITHUB_STATE": files.state,
            "RUNNER_NAME": environment.runnerName, "RUNNER_OS": "Linux", "RUNNER_ARCH": Self.architecture, "RUNNER_TEMP": directories.temp,
            "RUNNER_TOOL_CACHE": directories.toolCache, "RUNNER_WORKSPACE": directories.runnerWorkspace, "RUNNER_ENVIRONMENT": "self-hosted",
        ]
        variables["HOME"] = JobDirectories.home
        if let token = scope.secrets["GITHUB_TOKEN"] { variables["GITHUB_TOKEN"] = token }
        return variables
    }
}

/// The per-step files of GitHub's file commands, as paths inside the sandbox.
struct StepFiles: Sendable {
    let output: String
    let env: String
    let path: String
    let summary: String
    let state: String

    init(directory: String, step: Int) {
        let suffix = "\(step)-\(UUID().uuidString.lowercased())"
        output = "\(directory)/set_output_\(suffix)"
        env = "\(directory)/set_env_\(suffix)"
        path = "\(directory)/add_path_\(suffix)"
        summary = "\(directory)/step_summary_\(suffix)"
        state = "\(directory)/save_state_\(suffix)"
    }

    var all: [String] { [output, env, path, summary, state] }
}
