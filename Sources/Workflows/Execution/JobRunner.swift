import Compute
import Foundation
import Git
import Logging
import Synchronization

/// Runs one job of a run on the sandboxed executor: a fresh runner home with GitHub's layout, each step a sandboxed
/// process (or a built-in action), expressions evaluated with GitHub's contexts, file and workflow commands applied,
/// every log line masked and stored as it comes; the job's steps, outputs and conclusion recorded as it goes.
struct JobRunner: Sendable {
    let environment: RunnerEnvironment
    let store: RunStore

    /// What a job needs from its run: the run, its workflow and job definitions, its matrix combination and what the
    /// jobs it needs left.
    struct Assignment: Sendable {
        var run: WorkflowRunRecord
        var workflow: WorkflowDefinition
        var definition: JobDefinition
        var matrix: ExpressionValue?
        var strategy: ExpressionValue
        var needs: [String: ExpressionValue]
        var inputs: ExpressionValue
        var event: ExpressionValue
        /// The secrets the job may read (`secrets.*`), masked wherever they appear.
        var secrets: [String: String]
        /// The configuration variables it sees (`vars.*`).
        var variables: [String: String]
    }

    /// A step an action adds after the job's own steps, as GitHub's `post:` steps.
    struct PostStep: Sendable {
        enum Kind: Sendable {
            case saveCache(key: String, paths: [String], version: String)
        }
        var name: String
        var kind: Kind
    }

    /// The contexts steps see, as they change along the job.
    struct Scope: Sendable {
        var github: [String: ExpressionValue]
        var env: [String: String]
        var paths: [String] = []
        var steps: [String: ExpressionValue] = [:]
        var assignment: Assignment
        var runner: ExpressionValue
        var jobStatus: ExpressionContext.JobStatus = .success
        var secrets: [String: String]
        /// What the steps wrote to `GITHUB_STEP_SUMMARY`, in order.
        var summary = ""
        /// Outputs the running step set with the old `::set-output` command.
        var pendingOutputs: [String: String] = [:]
        /// A composite action's inputs, which its steps see as `inputs`.
        var inputsOverride: ExpressionValue?
        /// The workspace on the host and the job's home there, for `hashFiles`.
        var workspace: (workspace: URL, home: URL)?
        /// What actions asked to do after the job's steps (saving a cache), run in reverse order.
        var postSteps: [PostStep] = []
        /// The mounts the job's container image needs (its profile's environment), in every step's sandbox.
        var containerMounts: [SandboxMount] = []

        func context(status: Bool = false, withEnvironment: Bool = true) -> ExpressionContext {
            var named: [String: ExpressionValue] = [
                "github": .object(github), "vars": .object(assignment.variables.mapValues { .string($0) }), "secrets": .object(secrets.mapValues { .string($0) }),
                "steps": .object(steps), "needs": .object(assignment.needs), "inputs": inputsOverride ?? assignment.inputs,
                "matrix": assignment.matrix ?? .object([:]), "strategy": assignment.strategy, "runner": runner,
                "job": .object(["status": .string(Self.statusName(jobStatus)), "container": .object([:]), "services": .object([:])]),
            ]
            if withEnvironment { named["env"] = .object(env.mapValues { .string($0) }) }
            var hashFiles: (@Sendable ([String]) throws -> String)?
            if let (root, home) = workspace {
                hashFiles = { patterns in try WorkspaceHash.hash(patterns, workspace: root, home: home) }
            }
            return ExpressionContext(namedValues: named, allowedNamedValues: nil, jobStatus: status ? jobStatus : nil, hashFiles: hashFiles)
        }

        static func statusName(_ status: ExpressionContext.JobStatus) -> String {
            switch status {
            case .success: "success"
            case .failure: "failure"
            case .cancelled: "cancelled"
            }
        }
    }

    /// Runs the job to its end; returns its final record.
    func run(_ job: WorkflowJobRecord, _ assignment: Assignment, cancelled: @escaping @Sendable () -> Bool) async -> WorkflowJobRecord {
        var job = job
        let masker = LogMasker()
        let log = JobLog(jobID: job.id, store: store, masker: masker)
        let directories = JobDirectories(
            host: environment.root.appendingPathComponent("jobs/\(job.id)", isDirectory: true), repositoryName: assignment.run.repositoryName
        )
        defer { directories.remove() }
        let now = environment.clock.now()
        job.status = "in_progress"
        job.started = now
        job.runnerName = environment.runnerName
        job.steps = [WorkflowStepRecord(number: 1, name: "Set up job", status: "in_progress", conclusion: nil, started: now, completed: nil)]
        try? await store.save(job)

        var scope: Scope
        do {
            try directories.create()
            scope = try setUp(job, assignment, directories: directories, masker: masker, log: log)
            try await prepareContainer(assignment.definition, scope: &scope, directories: directories, log: log)
        } catch {
            log.write("##[error]\(error)")
            job.steps[0].status = "completed"
            job.steps[0].conclusion = "failure"
            job.steps[0].completed = environment.clock.now()
            return await finish(job, conclusion: "failure", failure: masker.mask("\(error)"), log: log)
        }
        // The job's GITHUB_TOKEN: its run's actor's permissions, on this repository only, for the job's life.
        var token: (id: String, actor: ForgeActor)?
        if let actor = assignment.run.actor, let repository = try? await environment.forge.repository(arn: assignment.run.repositoryArn) {
            // As GitHub's, it lasts the job's time limit at most, and never more than a day.
            let lifetime = min(timeoutMinutes(assignment.definition.timeoutMinutes, scope: scope) * 60 + 600, 86_400)
            if let issued = try? await environment.forge.issueJobToken(actor: actor, repository: repository, expires: environment.clock.now().addingTimeInterval(lifetime)) {
                token = (issued.id, actor)
                job.tokenID = issued.id
                masker.add(issued.token)
                scope.secrets["GITHUB_TOKEN"] = issued.token
                scope.github["token"] = .string(issued.token)
            }
        }
        defer {
            if let token {
                let forge = environment.forge
                Task { await forge.revokeJobToken(id: token.id, actor: token.actor) }
            }
        }
        job.steps[0].status = "completed"
        job.steps[0].conclusion = "success"
        job.steps[0].completed = environment.clock.now()
        job.steps += assignment.definition.steps.enumerated().map { index, step in
            WorkflowStepRecord(number: index + 2, name: step.displayName, status: "queued", conclusion: nil, started: nil, completed: nil)
        }
        try? await store.save(job)

        let deadline = environment.clock.now().addingTimeInterval(timeoutMinutes(assignment.definition.timeoutMinutes, scope: scope) * 60)
        for (index, step) in assignment.definition.steps.enumerated() {
            if cancelled() { scope.jobStatus = .cancelled }
            let number = index + 2
            job.steps[index + 1].started = environment.clock.now()
            let outcome: String
            do {
                let context = scope.context(status: true)
                let runs = try ExpressionEvaluator(context: context).condition(step.ifCondition ?? "")
                guard runs else {
                    job.steps[index + 1].status = "completed"
                    job.steps[index + 1].conclusion = "skipped"
                    job.steps[index + 1].completed = environment.clock.now()
                    if let id = step.id { scope.steps[id] = Self.stepContext(outputs: [:], outcome: "skipped", conclusion: "skipped") }
                    continue
                }
                job.steps[index + 1].status = "in_progress"
                try? await store.save(job)
                let remaining = deadline.timeIntervalSince(environment.clock.now())
                let stepLimit = step.timeoutMinutes.map { timeoutMinutes($0, scope: scope) * 60 } ?? remaining
                let result = try await StepExecution(
                    runner: self, step: step, number: number, directories: directories, log: log, masker: masker, cancelled: cancelled
                ).run(scope: &scope, limit: min(remaining, stepLimit))
                outcome = result
            } catch {
                log.write("##[error]\(error)")
                outcome = "failure"
            }
            let continueOnError = (try? boolean(step.continueOnError, scope: scope)) ?? false
            let conclusion = outcome == "failure" && continueOnError ? "success" : outcome
            if let id = step.id {
                let outputs = scope.steps[id]?["outputs"] ?? .object([:])
                scope.steps[id] = .object(["outputs": outputs, "outcome": .string(outcome), "conclusion": .string(conclusion)])
            }
            if conclusion == "failure", scope.jobStatus == .success { scope.jobStatus = .failure }
            if conclusion == "cancelled" { scope.jobStatus = .cancelled }
            job.steps[index + 1].status = "completed"
            job.steps[index + 1].conclusion = conclusion
            job.steps[index + 1].completed = environment.clock.now()
            try? await store.save(job)
            if environment.clock.now() >= deadline, scope.jobStatus != .cancelled {
                log.write("##[error]The job running on runner \(environment.runnerName) has exceeded the maximum execution time of \(Self.format(timeoutMinutes(assignment.definition.timeoutMinutes, scope: scope))) minutes.")
                scope.jobStatus = .cancelled
                job.failure = "The job has exceeded the maximum execution time."
            }
        }
        // Post steps, last first; a cache is saved only by a job that succeeded so far.
        for post in scope.postSteps.reversed() {
            let number = job.steps.count + 1
            var record = WorkflowStepRecord(number: number, name: post.name, status: "in_progress", conclusion: nil, started: environment.clock.now(), completed: nil)
            guard scope.jobStatus == .success else {
                record.status = "completed"
                record.conclusion = "skipped"
                job.steps.append(record)
                continue
            }
            job.steps.append(record)
            try? await store.save(job)
            var outcome = "failure"
            switch post.kind {
            case .saveCache(let key, let paths, let version):
                let placeholder = StepDefinition(kind: .uses("actions/cache"), name: post.name)
                let execution = StepExecution(runner: self, step: placeholder, number: number, directories: directories, log: log, masker: masker, cancelled: cancelled)
                log.write("##[group]\(post.name)")
                log.write("##[endgroup]")
                do {
                    outcome = try await CacheAction.saveCache(
                        execution, key: key, paths: paths, version: version, scope: &scope, limit: max(deadline.timeIntervalSince(environment.clock.now()), 60)
                    )
                } catch {
                    log.write("##[error]\(error)")
                }
            }
            job.steps[job.steps.count - 1].status = "completed"
            job.steps[job.steps.count - 1].conclusion = outcome
            job.steps[job.steps.count - 1].completed = environment.clock.now()
            if outcome == "failure" { scope.jobStatus = .failure }
        }
        // The job's outputs, from its steps' (masked values are not passed on, as GitHub does not).
        var outputs: [String: String] = [:]
        let context = scope.context()
        for (name, raw) in assignment.definition.outputs {
            guard let value = try? ExpressionEvaluator(context: context).interpolate(raw) else { continue }
            if masker.mask(value) != value {
                log.write("##[warning]Skip output '\(name)' since it may contain secret.")
                continue
            }
            outputs[name] = value
        }
        job.outputs = outputs
        if !scope.summary.isEmpty { job.summary = masker.mask(scope.summary) }
        let conclusion = switch scope.jobStatus {
        case .success: "success"
        case .failure: "failure"
        case .cancelled: "cancelled"
        }
        return await finish(job, conclusion: conclusion, failure: job.failure, log: log)
    }

    /// Records a job's end: its "Complete job" step, conclusion and log.
    func finish(_ job: WorkflowJobRecord, conclusion: String, failure: String?, log: JobLog) async -> WorkflowJobRecord {
        var job = job
        let now = environment.clock.now()
        job.steps.append(WorkflowStepRecord(number: job.steps.count + 1, name: "Complete job", status: "completed", conclusion: "success", started: now, completed: now))
        for index in job.steps.indices where job.steps[index].status != "completed" {
            job.steps[index].status = "completed"
            job.steps[index].conclusion = "skipped"
        }
        log.write("Cleaning up orphan processes")
        await log.flush()
        job.status = "completed"
        job.conclusion = conclusion
        job.completed = now
        job.failure = failure
        try? await store.save(job)
        return job
    }

    static func stepContext(outputs: [String: String], outcome: String, conclusion: String) -> ExpressionValue {
        .object(["outputs": .object(outputs.mapValues { .string($0) }), "outcome": .string(outcome), "conclusion": .string(conclusion)])
    }

    /// The longest a job may run, as GitHub's self-hosted runners allow (35 days).
    static let maxMinutes: Double = 35 * 24 * 60

    static func format(_ minutes: Double) -> String {
        minutes == minutes.rounded() ? String(Int(minutes)) : String(minutes)
    }

    func timeoutMinutes(_ value: NumberOrExpression, scope: Scope) -> Double {
        switch value {
        case .value(let minutes): return minutes > 0 && minutes.isFinite ? min(minutes, Self.maxMinutes) : 360
        case .expression(let text):
            let minutes = (try? ExpressionEvaluator(context: scope.context()).evaluateTemplate(text))?.numberValue ?? 360
            return minutes.isFinite && minutes > 0 ? min(minutes, Self.maxMinutes) : 360
        }
    }

    func boolean(_ value: BoolOrExpression, scope: Scope) throws -> Bool {
        switch value {
        case .value(let flag): return flag
        case .expression(let text): return try ExpressionEvaluator(context: scope.context()).evaluateTemplate(text).isTruthy
        }
    }
}
