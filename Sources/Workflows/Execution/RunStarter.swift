import Foundation
import Git
import Logging
import SlipwayCore

/// Starts runs from events: a push runs each workflow of the pushed commit whose `on.push` filters pass (an invalid
/// file gives a failed run that says why); a dispatch runs the workflow named on the ref given, with inputs checked
/// against the workflow's `workflow_dispatch` inputs.
struct RunStarter: Sendable {
    let store: RunStore
    let forge: ForgeRepositories
    let clock: any WallClock
    let logger: Logger
    let wake: @Sendable (WorkflowRunRecord) -> Void

    static let directory = ".github/workflows"
    static let zero = String(repeating: "0", count: 40)

    /// A workflow file at a commit: its text, and what it parses to (or why it does not).
    struct WorkflowFile: Sendable {
        var path: String
        var text: String
        var definition: Result<WorkflowDefinition, WorkflowParseError>
    }

    /// The workflow files at `commit`, in path order.
    func workflows(_ repository: HostedRepository, commit: String) async throws -> [WorkflowFile] {
        var files: [WorkflowFile] = []
        for path in try await forge.files(repository, commit: commit, directory: Self.directory).sorted() where path.hasSuffix(".yml") || path.hasSuffix(".yaml") {
            let bytes: [UInt8]
            do {
                guard let found = try await forge.file(repository, commit: commit, path: path) else { continue }
                bytes = found
            } catch {
                // One file too large to read fails its own run; the others still run.
                let failure = WorkflowParseError(path: path, line: nil, column: nil, message: "The workflow file could not be read: \(error)", fileKind: .workflow)
                files.append(WorkflowFile(path: path, text: "", definition: .failure(failure)))
                continue
            }
            let text = String(decoding: bytes, as: UTF8.self)
            files.append(WorkflowFile(path: path, text: text, definition: Result { () throws(WorkflowParseError) in try WorkflowParser.parse(text, path: path) }))
        }
        return files
    }

    /// Starts the runs a push's refs call for.
    func pushed(_ refs: [PushedRef], actor pusher: ForgeActor) async {
        for ref in refs where ref.newCommit != Self.zero {
            do {
                guard let repository = try await forge.repository(arn: ref.repositoryArn) else { continue }
                let actor = try await forge.login(principalArn: ref.pusher) ?? String(ref.pusher.split(separator: "/").last ?? "")
                var changed: [String]?
                let files = try await workflows(repository, commit: ref.newCommit)
                // Schedules are the default branch's, as on GitHub.
                if let main = try await forge.defaultBranch(repository), ref.ref == "refs/heads/" + main {
                    // A schedule acts for whoever last changed it (an unchanged one keeps its identity).
                    let known = try await store.schedules().filter { $0.repositoryArn == repository.arn }
                    let schedules = files.compactMap { file -> ScheduleRecord? in
                        guard case .success(let definition) = file.definition, !definition.on.schedule.isEmpty else { return nil }
                        let crons = definition.on.schedule.map(\.cron)
                        if let same = known.first(where: { $0.workflowPath == file.path && $0.crons == crons }) { return same }
                        return ScheduleRecord(repositoryArn: repository.arn, workflowPath: file.path, crons: crons, actor: pusher, actorLogin: actor)
                    }
                    try await store.replaceSchedules(repositoryArn: repository.arn, with: schedules)
                }
                // What a job pushed with its GITHUB_TOKEN starts no workflow (no run can start itself for ever).
                if pusher.viaJobToken == true { continue }
                for file in files {
                    let payload = Self.pushPayload(ref, repository: repository, actor: actor)
                    switch file.definition {
                    case .failure(let error):
                        // GitHub shows a failed run for a workflow file it cannot read.
                        _ = try await create(repository, file: file, name: file.path, event: "push", ref: ref.ref, sha: ref.newCommit, payload: payload, actor: actor, identity: pusher, failure: "\(error)")
                    case .success(let definition):
                        guard let push = definition.on.push, push.matches(ref: ref.ref) else { continue }
                        if push.paths != nil, !ref.ref.hasPrefix("refs/tags/"), changed == nil {
                            changed = try await forge.changedPaths(repository, from: ref.oldCommit, to: ref.newCommit)
                        }
                        guard push.matches(ref: ref.ref, changedPaths: changed) else { continue }
                        _ = try await create(repository, file: file, name: definition.displayName, event: "push", ref: ref.ref, sha: ref.newCommit, payload: payload, actor: actor, identity: pusher, failure: nil)
                    }
                }
            } catch {
                logger.error("workflow runs for a push could not be started", metadata: ["ref": .string(ref.ref), "error": .string("\(error)")])
            }
        }
    }

    static func pushPayload(_ ref: PushedRef, repository: HostedRepository, actor: String) -> String {
        let payload: [String: Any] = [
            "ref": ref.ref, "before": ref.oldCommit, "after": ref.newCommit, "created": ref.oldCommit == zero, "deleted": false, "forced": false,
            "repository": ["id": repository.numericID, "name": repository.name, "full_name": repository.fullName, "owner": ["login": repository.ownerLogin]],
            "pusher": ["name": actor], "sender": ["login": actor], "head_commit": ["id": ref.newCommit],
        ]
        return json(payload)
    }

    static func json(_ value: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Stores a new run and hands it to the driver (a failed one is stored completed).
    func create(
        _ repository: HostedRepository, file: WorkflowFile, name: String, event: String, ref: String, sha: String, payload: String, actor: String,
        identity: ForgeActor, failure: String?
    ) async throws -> WorkflowRunRecord {
        let now = clock.now()
        let record = WorkflowRunRecord(
            id: 0, repositoryArn: repository.arn, repositoryID: repository.id, account: repository.account, region: repository.region,
            ownerLogin: repository.ownerLogin, repositoryName: repository.name, repositoryNumber: repository.numericID, ownerNumber: repository.ownerNumericID,
            workflowPath: file.path, workflowName: name, workflowID: repository.workflowID(path: file.path), runNumber: 0, attempt: 1, event: event, ref: ref,
            headSha: sha, payloadJSON: payload, actorLogin: actor, actorArn: identity.arn, actor: identity, status: failure == nil ? "queued" : "completed",
            conclusion: failure == nil ? nil : "failure", created: now, updated: now, started: nil, workflowText: file.text, failure: failure
        )
        var run = try await store.insert(record, owner: nil, leaseUntil: nil)
        if failure == nil, case .success(let definition) = file.definition, let concurrency = definition.concurrency {
            run = try await applyConcurrency(concurrency, to: run, workflow: definition)
        }
        if failure == nil { wake(run) }
        return run
    }

    /// Puts a new run in its workflow's concurrency group: with `cancel-in-progress` every other run of the group is
    /// cancelled; otherwise a run of the group still pending is (one runs, one waits, as on GitHub).
    func applyConcurrency(_ concurrency: ConcurrencyDefinition, to run: WorkflowRunRecord, workflow: WorkflowDefinition) async throws -> WorkflowRunRecord {
        let event = (try? ExpressionValue(json: run.payloadJSON)) ?? .object([:])
        let plan = RunPlan(
            workflow: workflow, run: run, repository: nil, settings: nil, variables: [:], event: event, inputs: event["inputs"] ?? .object([:])
        )
        let evaluator = ExpressionEvaluator(context: plan.jobContext(needs: [:]))
        let group = try evaluator.interpolate(concurrency.group)
        let cancelInProgress: Bool = switch concurrency.cancelInProgress {
        case .value(let flag): flag
        case .expression(let text): try evaluator.evaluateTemplate(text).isTruthy
        }
        guard !group.isEmpty, let grouped = try await store.update(run.id, { $0.concurrencyGroup = group }) else { return run }
        for other in try await store.runs(repositoryArn: run.repositoryArn) where other.id != run.id && other.concurrencyGroup == group && !other.isCompleted {
            guard cancelInProgress || (other.status == "queued" && other.started == nil) else { continue }
            if let cancelled = try await store.update(other.id, { record in
                record.cancelRequested = true
                record.failure = "Canceling since a higher priority waiting request for '\(group)' exists"
                if record.status == "waiting" { record.status = "in_progress" }
            }) { wake(cancelled) }
        }
        return grouped
    }
}
