import Foundation
import Git
import SlipwayCore

/// Which of a run's jobs come next, decided from the workflow and the jobs so far: a job is made once every job it
/// needs has completed — skipped when its `if:` says so (by default, when a needed job did not succeed), else once per
/// matrix combination — and a queued job starts when its matrix's `max-parallel` allows.
struct RunPlan: Sendable {
    let workflow: WorkflowDefinition
    let run: WorkflowRunRecord
    /// The run's repository and settings (nil where only expressions are evaluated, as for a concurrency group).
    let repository: HostedRepository?
    let settings: RepositorySettings?
    /// The repository's variables (`vars` in job-level expressions).
    let variables: [String: String]
    let event: ExpressionValue
    /// The `inputs` context: dispatch inputs typed as the workflow declares them.
    let inputs: ExpressionValue

    init(
        workflow: WorkflowDefinition, run: WorkflowRunRecord, repository: HostedRepository?, settings: RepositorySettings?, variables: [String: String],
        event: ExpressionValue, inputs: ExpressionValue
    ) {
        self.variables = variables
        self.workflow = workflow
        self.run = run
        self.repository = repository
        self.settings = settings
        self.event = event
        var typed: [String: ExpressionValue] = [:]
        let declared = workflow.on.workflowDispatch?.inputs ?? []
        if case .object(let given) = inputs {
            for (name, value) in given {
                let text = value.stringValue
                switch declared.first(where: { $0.id == name })?.type {
                case .boolean: typed[name] = .bool(text.lowercased() == "true")
                case .number: typed[name] = Double(text).map(ExpressionValue.number) ?? .string(text)
                default: typed[name] = .string(text)
                }
            }
        }
        self.inputs = .object(typed)
    }

    /// Contexts a job-level expression (`if`, `strategy`, `name`) sees.
    func jobContext(needs: [String: ExpressionValue], matrix: ExpressionValue? = nil, status: ExpressionContext.JobStatus? = nil) -> ExpressionContext {
        var named: [String: ExpressionValue] = [
            "github": .object(githubContext), "needs": .object(needs), "vars": .object(variables.mapValues { .string($0) }), "inputs": inputs,
        ]
        if let matrix { named["matrix"] = matrix }
        return ExpressionContext(namedValues: named, jobStatus: status)
    }

    /// The `github` context's members known before a job runs.
    var githubContext: [String: ExpressionValue] {
        [
            "event": event, "event_name": .string(run.event), "ref": .string(run.ref), "sha": .string(run.headSha), "repository": .string(run.fullName),
            "repository_owner": .string(run.ownerLogin), "actor": .string(run.actorLogin), "run_id": .string(String(run.id)),
            "run_number": .string(String(run.runNumber)), "run_attempt": .string(String(run.attempt)), "workflow": .string(run.workflowName),
            "ref_name": .string(run.ref.split(separator: "/", maxSplits: 2).dropFirst(2).first.map(String.init) ?? run.ref),
            "ref_type": .string(run.ref.hasPrefix("refs/tags/") ? "tag" : "branch"), "triggering_actor": .string(run.actorLogin),
        ]
    }

    /// A needed job's result over its records: failure, cancelled, skipped (all skipped) or success.
    static func result(_ records: [WorkflowJobRecord]) -> String {
        let conclusions = records.map { $0.conclusion ?? "" }
        if conclusions.contains("failure") { return "failure" }
        if conclusions.contains("cancelled") { return "cancelled" }
        if !conclusions.isEmpty, conclusions.allSatisfy({ $0 == "skipped" }) { return "skipped" }
        return "success"
    }

    /// The jobs to start now (queued, within their matrix's parallel limit), after making the jobs whose needs are met.
    /// `wake` hears of another run that must be driven again (its pending job was cancelled).
    func next(
        jobs: [WorkflowJobRecord], cancelled: Bool, store: RunStore, clock: any WallClock, wake: @Sendable (WorkflowRunRecord) -> Void = { _ in }
    ) async throws -> [(WorkflowJobRecord, JobRunner.Assignment)] {
        var byKey = Dictionary(grouping: jobs, by: \.key)
        // Jobs are made in passes until none is left whose needs are all complete (a skipped job completes at once,
        // and the jobs needing it may come earlier in the file).
        var made = true
        while made {
            made = false
            for definition in workflow.jobs where byKey[definition.id] == nil {
                let needRecords = definition.needs.map { byKey[$0] ?? [] }
                guard needRecords.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.status == "completed" } }) else { continue }
                byKey[definition.id] = try await make(definition, needs: needsContext(definition, byKey), cancelled: cancelled, store: store, clock: clock)
                made = true
            }
        }
        var ready: [(WorkflowJobRecord, JobRunner.Assignment)] = []
        for definition in workflow.jobs {
            let records = byKey[definition.id] ?? []
            var slots = maxParallel(definition, needs: needsContext(definition, byKey)) - records.filter { $0.status == "in_progress" }.count
            for (index, var record) in records.enumerated() where record.status == "queued" || record.status == "pending" || (cancelled && record.status == "waiting") {
                if cancelled {
                    record.status = "completed"
                    record.conclusion = "cancelled"
                    record.completed = clock.now()
                    try await store.save(record)
                    continue
                }
                // A job deploying to an environment with required reviewers waits for one of them.
                guard let settings, let repository else { break }
                if let name = record.environment, record.review == nil,
                   let environment = try await settings.store.environment(run.repositoryArn, name: name), !environment.reviewers.isEmpty {
                    record.status = "waiting"
                    record.waitingSince = clock.now()
                    try await store.save(record)
                    continue
                }
                guard slots > 0 else { break }
                if let concurrency = definition.concurrency,
                   try await waitsForItsGroup(&record, concurrency, needs: needsContext(definition, byKey), store: store, clock: clock, wake: wake) {
                    continue
                }
                slots -= 1
                let values = try await settings.values(repository, environment: record.environment)
                ready.append((
                    record,
                    assignment(definition, record: record, needs: needsContext(definition, byKey), index: index, total: records.count, secrets: values.secrets, variables: values.variables)
                ))
            }
        }
        return ready
    }

    /// A job's `concurrency`: its group evaluated (with the job's matrix and needs), the group's other jobs in the
    /// repository's active runs found; with `cancel-in-progress` the running ones are asked to stop, an older pending
    /// one is cancelled (only the newest waits), and while another runs this one is `pending`. Returns whether it waits.
    func waitsForItsGroup(
        _ record: inout WorkflowJobRecord, _ concurrency: ConcurrencyDefinition, needs: [String: ExpressionValue], store: RunStore, clock: any WallClock,
        wake: @Sendable (WorkflowRunRecord) -> Void
    ) async throws -> Bool {
        let matrix = record.matrixJSON.flatMap { try? ExpressionValue(json: $0) }
        let evaluator = ExpressionEvaluator(context: jobContext(needs: needs, matrix: matrix))
        let group = try evaluator.interpolate(concurrency.group)
        guard !group.isEmpty else { return false }
        let cancelInProgress: Bool = switch concurrency.cancelInProgress {
        case .value(let flag): flag
        case .expression(let text): try evaluator.evaluateTemplate(text).isTruthy
        }
        let firstLook = record.concurrencyGroup == nil
        record.concurrencyGroup = group
        var others: [(run: WorkflowRunRecord, job: WorkflowJobRecord)] = []
        for active in try await store.runs(repositoryArn: run.repositoryArn) where !active.isCompleted {
            for job in try await store.jobs(runID: active.id, attempt: active.attempt)
            where job.id != record.id && job.concurrencyGroup == group && job.status != "completed" {
                others.append((active, job))
            }
        }
        if firstLook {
            for (active, job) in others where job.status == "pending" && job.id < record.id {
                var superseded = job
                superseded.status = "completed"
                superseded.conclusion = "cancelled"
                superseded.completed = clock.now()
                superseded.failure = "Canceling since a higher priority waiting request for \(group) exists"
                try await store.save(superseded)
                wake(active)
            }
            if cancelInProgress {
                for (active, job) in others where job.status == "in_progress" {
                    _ = try await store.update(active.id) { $0.cancelledJobs = ($0.cancelledJobs ?? []) + [job.id] }
                }
            }
        }
        if others.contains(where: { $0.job.status == "in_progress" }) {
            if record.status != "pending" {
                record.status = "pending"
                try await store.save(record)
            }
            return true
        }
        // Marked running at once, so a job of the group made meanwhile finds it.
        record.status = "in_progress"
        try await store.save(record)
        return false
    }

    func needsContext(_ definition: JobDefinition, _ byKey: [String: [WorkflowJobRecord]]) -> [String: ExpressionValue] {
        var needs: [String: ExpressionValue] = [:]
        for key in definition.needs {
            let records = byKey[key] ?? []
            var outputs: [String: ExpressionValue] = [:]
            for record in records { for (name, value) in record.outputs { outputs[name] = .string(value) } }
            needs[key] = .object(["result": .string(Self.result(records)), "outputs": .object(outputs)])
        }
        return needs
    }

    /// Makes a job's records: one skipped record, or one queued record per matrix combination.
    private func make(_ definition: JobDefinition, needs: [String: ExpressionValue], cancelled: Bool, store: RunStore, clock: any WallClock) async throws -> [WorkflowJobRecord] {
        let results = needs.values.compactMap { $0["result"]?.stringValue }
        let status: ExpressionContext.JobStatus = cancelled ? .cancelled : results.contains("failure") || results.contains("cancelled") ? .failure : .success
        let condition = definition.ifCondition ?? ""
        var failure: String?
        var runs: Bool
        if !ExpressionEvaluator.mentionsStatusFunction(condition), results.contains(where: { $0 != "success" }) || cancelled {
            runs = false
        } else {
            do {
                runs = try ExpressionEvaluator(context: jobContext(needs: needs, status: status)).condition(condition)
            } catch {
                runs = false
                failure = "Error when evaluating 'if' for job '\(definition.id)'. \(error)"
            }
        }
        var combinations: [MatrixExpansion.Combination?] = [nil]
        if runs, let matrix = definition.strategy?.matrix {
            do {
                let evaluated = try evaluateMatrix(matrix, context: jobContext(needs: needs))
                combinations = try MatrixExpansion.combinations(evaluated, keyOrder: definition.strategy?.matrixKeyOrder ?? [])
            } catch {
                runs = false
                failure = "Error when evaluating 'strategy' for job '\(definition.id)'. \(error)"
            }
        }
        let now = clock.now()
        var made: [WorkflowJobRecord] = []
        for combination in combinations {
            let matrixValue = combination.map { ExpressionValue.object($0.values) }
            var name = definition.name.flatMap { try? ExpressionEvaluator(context: jobContext(needs: needs, matrix: matrixValue ?? .object([:]))).interpolate($0) } ?? definition.id
            if let combination, definition.name?.contains("matrix") != true {
                name += " (" + combination.keys.compactMap { combination.values[$0].map(Self.display) }.joined(separator: ", ") + ")"
            }
            let environment = definition.environment.map { raw in
                (try? ExpressionEvaluator(context: jobContext(needs: needs, matrix: matrixValue ?? .object([:]))).interpolate(raw.name)) ?? raw.name
            }
            let record = WorkflowJobRecord(
                id: 0, runID: run.id, attempt: run.attempt, key: definition.id, name: name,
                matrixJSON: try matrixValue.map { try $0.jsonString() }, status: runs ? "queued" : "completed", conclusion: runs ? nil : (failure == nil ? "skipped" : "failure"),
                steps: [], outputs: [:], created: now, started: nil, completed: runs ? nil : now, environment: environment.flatMap { $0.isEmpty ? nil : $0 }, runnerName: nil,
                summary: nil, failure: failure
            )
            made.append(try await store.insert(record))
        }
        return made
    }

    /// A matrix value as a job's name shows it.
    static func display(_ value: ExpressionValue) -> String {
        switch value {
        case .object, .array: (try? value.jsonString()) ?? value.stringValue
        default: value.stringValue
        }
    }

    /// A matrix as written, evaluated: one expression for the whole, or expressions inside its strings.
    func evaluateMatrix(_ matrix: ExpressionValue, context: ExpressionContext) throws -> ExpressionValue {
        let evaluator = ExpressionEvaluator(context: context)
        func deep(_ value: ExpressionValue) throws -> ExpressionValue {
            switch value {
            case .string(let text) where Interpolation.containsExpression(text): return try evaluator.evaluateTemplate(text)
            case .array(let items): return .array(try items.map(deep))
            case .object(let members): return .object(try members.mapValues(deep))
            default: return value
            }
        }
        return try deep(matrix)
    }

    func maxParallel(_ definition: JobDefinition, needs: [String: ExpressionValue]) -> Int {
        switch definition.strategy?.maxParallel {
        case nil: return Int.max
        case .value(let number)?: return Self.count(number)
        case .expression(let text)?:
            return Self.count((try? ExpressionEvaluator(context: jobContext(needs: needs)).evaluateTemplate(text))?.numberValue ?? .nan)
        }
    }

    /// A `max-parallel` number as a count: unlimited unless a finite number of at least 1 (huge ones are unlimited too).
    static func count(_ number: Double) -> Int {
        guard number.isFinite, number >= 1 else { return Int.max }
        return number >= 1_000_000 ? Int.max : Int(number)
    }

    func failFast(_ key: String) -> Bool {
        switch workflow.job(key)?.strategy?.failFast ?? .value(true) {
        case .value(let flag): return flag
        case .expression(let text): return (try? ExpressionEvaluator(context: jobContext(needs: [:])).evaluateTemplate(text))?.isTruthy ?? true
        }
    }

    /// Whether a failed job leaves its run successful (`continue-on-error` on the job).
    func continuesOnError(_ job: WorkflowJobRecord) -> Bool {
        guard let definition = workflow.job(job.key) else { return false }
        switch definition.continueOnError {
        case .value(let flag): return flag
        case .expression(let text):
            let matrix = job.matrixJSON.flatMap { try? ExpressionValue(json: $0) }
            return (try? ExpressionEvaluator(context: jobContext(needs: [:], matrix: matrix)).evaluateTemplate(text))?.isTruthy ?? false
        }
    }

    func assignment(
        _ definition: JobDefinition, record: WorkflowJobRecord, needs: [String: ExpressionValue], index: Int, total: Int, secrets: [String: String],
        variables: [String: String]
    ) -> JobRunner.Assignment {
        let matrix = record.matrixJSON.flatMap { try? ExpressionValue(json: $0) }
        let parallel = maxParallel(definition, needs: needs)
        let strategy: ExpressionValue = .object([
            "fail-fast": .bool(failFast(definition.id)), "job-index": .number(Double(index)), "job-total": .number(Double(total)),
            "max-parallel": .number(Double(parallel == Int.max ? total : parallel)),
        ])
        return JobRunner.Assignment(
            run: run, workflow: workflow, definition: definition, matrix: matrix, strategy: strategy, needs: needs, inputs: inputs, event: event, secrets: secrets,
            variables: variables
        )
    }
}
