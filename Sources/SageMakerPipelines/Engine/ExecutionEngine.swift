import Crypto
import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Synchronization

/// Drives pipeline executions: each one by a single task on the server holding its lease, which starts the steps the
/// DAG allows (as the pipeline's role, through SageMaker's own operations), follows their jobs, applies retry
/// policies and the cache, and records every change before acting on the next, so another server can take over.
final class ExecutionEngine: Sendable {
    let store: PipelineStore
    let calls: any ServiceCallPort
    let roles: any RoleAssumptionPort
    let objects: any ObjectPort
    let events: any EventPublishingPort
    let functions: any FunctionInvocationPort
    /// Decides what the pipeline's role may do where a step acts without an operation of SageMaker's (Lambda steps).
    let authorizer: any AuthorizationPort
    let clock: any WallClock
    let logger: Logger
    /// This server's name on the leases it holds.
    let owner = UUID().uuidString
    let lease: TimeInterval
    /// How often running jobs are looked at.
    let pollInterval: Duration
    private let wakers = Mutex<[String: AsyncStream<Void>.Continuation]>([:])

    init(
        store: PipelineStore, calls: any ServiceCallPort, roles: any RoleAssumptionPort, objects: any ObjectPort, events: any EventPublishingPort,
        functions: any FunctionInvocationPort, authorizer: any AuthorizationPort, clock: any WallClock, logger: Logger, lease: TimeInterval,
        pollInterval: Duration = .milliseconds(100)
    ) {
        self.authorizer = authorizer
        self.store = store
        self.calls = calls
        self.roles = roles
        self.objects = objects
        self.events = events
        self.functions = functions
        self.clock = clock
        self.logger = logger
        self.lease = lease
        self.pollInterval = pollInterval
    }

    /// Starts driving an execution this server holds the lease of.
    func start(_ arn: String) {
        Task { await self.drive(arn) }
    }

    /// Makes an execution's driver look again now (a stop was asked for).
    func wake(_ arn: String) {
        _ = wakers.withLock { $0[arn] }?.yield()
    }

    /// Executions whose server stopped while it drove them (their lease ran out) are taken over and carried on.
    func recoverInterrupted() async {
        while !Task.isCancelled {
            let now = clock.now()
            for execution in (try? await store.claimAbandoned(owner: owner, now: now, until: now.addingTimeInterval(lease))) ?? [] {
                logger.info("resuming pipeline execution \(execution.arn)")
                start(execution.arn)
            }
            guard (try? await store.othersRunning(owner: owner)) == true else { return }
            try? await Task.sleep(for: .seconds(lease))
        }
    }

    // MARK: Driving

    private func drive(_ arn: String) async {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakers.withLock { $0[arn] = continuation }
        let renewal = Task { [store, owner, clock, lease] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(lease / 3))
                try? await store.renew(arn, owner: owner, until: clock.now().addingTimeInterval(lease))
            }
        }
        defer {
            renewal.cancel()
            wakers.withLock { _ = $0.removeValue(forKey: arn) }
            continuation.finish()
        }
        guard var execution = try? await store.execution(arn) else { return }
        do {
            let definition = try PipelineDefinition(json: execution.definition)
            let overrides = Dictionary(execution.parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
            let parameters = try definition.parameterValues(overrides: overrides)
            let role = try await roleContext(execution)
            let run = Run(definition: definition, graph: PipelineGraph(definition), parameters: parameters, role: role)
            var wakes = stream.makeAsyncIterator()
            while !execution.isTerminal {
                let progressed = try await step(&execution, run)
                if execution.isTerminal { break }
                if !progressed {
                    // Wait for a job to move or a stop request, whichever comes first.
                    let poll = Task { [pollInterval] in try? await Task.sleep(for: pollInterval); continuation.yield() }
                    _ = await wakes.next()
                    poll.cancel()
                }
            }
        } catch {
            let previous = execution.status
            execution.status = "Failed"
            execution.failureReason = String(Self.reason(error).prefix(1300))
            execution.modified = clock.now()
            try? await store.save(execution)
            await announce(execution, previous: previous)
        }
    }

    /// What one execution runs on, fixed when its driver starts.
    struct Run: Sendable {
        let definition: PipelineDefinition
        let graph: PipelineGraph
        let parameters: [String: PipelineValue]
        let role: ServiceContext
    }

    private func roleContext(_ execution: ExecutionRecord) async throws -> ServiceContext {
        let principal: Principal
        do {
            principal = try await roles.assumeRole(execution.roleArn, by: "sagemaker.amazonaws.com", for: execution.account, sessionName: "SageMaker", conditions: [:])
        } catch {
            throw PipelineExpressionError("Could not assume role \(execution.roleArn): \(Self.reason(error))")
        }
        guard let account = principal.account ?? AccountID(execution.account) else { throw PipelineExpressionError("Account \(execution.account) is not valid") }
        return ServiceContext(
            account: account, region: Region(execution.region) ?? .usEast1, principal: principal, requestID: "pipeline-\(execution.id)", logger: logger,
            receivedAt: clock.now()
        )
    }

    /// One pass over an execution: stop requests, running steps, then whatever may start. True when something changed
    /// that may let more happen at once.
    private func step(_ execution: inout ExecutionRecord, _ run: Run) async throws -> Bool {
        var progressed = false
        if execution.status == "Executing", (try? await store.stopRequested(execution.arn)) == true {
            let previous = execution.status
            execution.status = "Stopping"
            execution.modified = clock.now()
            try await store.save(execution)
            await announce(execution, previous: previous)
            for step in execution.steps where !step.isTerminal {
                if let job = step.jobName, let kind = JobKind(step.type) {
                    _ = try? await calls.call(service: "sagemaker", operation: "Stop\(kind.noun)", input: Array(try Self.json(.object([kind.nameMember: .string(job)]))), context: run.role)
                } else {
                    try await finish(&execution, step.name, status: "Stopped", reason: nil, run: run)
                }
            }
        }
        // Follow running jobs and due retries.
        for step in execution.steps where !step.isTerminal {
            if step.jobName != nil {
                progressed = try await follow(&execution, step, run) || progressed
            } else if let due = step.retryAt, due <= clock.now(), execution.status == "Executing" {
                try await launch(&execution, step.name, run: run)
                progressed = true
            }
        }
        let running = Set(execution.steps.filter { !$0.isTerminal }.map(\.name))
        if execution.status == "Stopping" {
            if running.isEmpty { try await end(&execution, status: "Stopped", reason: nil) }
            return progressed
        }
        let failed = execution.steps.filter { $0.status == "Failed" || $0.status == "Stopped" }
        if !failed.isEmpty {
            if running.isEmpty {
                let failStep = failed.first { $0.type == PipelineStepType.fail.rawValue }
                let reason = failStep?.failureReason ?? "Step failure: One or multiple steps failed."
                try await end(&execution, status: "Failed", reason: reason)
            }
            return progressed
        }
        let succeeded = Set(execution.steps.filter { $0.status == "Succeeded" }.map(\.name))
        let finished = Set(execution.steps.filter(\.isTerminal).map(\.name))
        let outcomes = Self.outcomes(execution)
        let limit = execution.parallelism?.maxParallelExecutionSteps ?? 50
        var slots = limit - running.count
        for name in run.graph.runnable(succeeded: succeeded, finished: finished, running: running, outcomes: outcomes) where slots > 0 {
            try await begin(&execution, name, run: run)
            slots -= 1
            progressed = true
        }
        let nowRunning = Set(execution.steps.filter { !$0.isTerminal }.map(\.name))
        let nowSucceeded = Set(execution.steps.filter { $0.status == "Succeeded" }.map(\.name))
        let nowFinished = Set(execution.steps.filter(\.isTerminal).map(\.name))
        let anyFailed = execution.steps.contains { $0.status == "Failed" || $0.status == "Stopped" }
        if !anyFailed, run.graph.isSettled(succeeded: nowSucceeded, finished: nowFinished, running: nowRunning, outcomes: Self.outcomes(execution)) {
            try await end(&execution, status: "Succeeded", reason: nil)
        }
        return progressed
    }

    static func outcomes(_ execution: ExecutionRecord) -> [String: Bool] {
        var outcomes: [String: Bool] = [:]
        for step in execution.steps where step.type == PipelineStepType.condition.rawValue && step.status == "Succeeded" {
            outcomes[step.name] = step.properties?["Outcome"]?.string == "True"
        }
        return outcomes
    }

    private func end(_ execution: inout ExecutionRecord, status: String, reason: String?) async throws {
        let previous = execution.status
        execution.status = status
        execution.failureReason = reason.map { String($0.prefix(1300)) }
        execution.modified = clock.now()
        try await store.save(execution)
        await announce(execution, previous: previous)
    }

    // MARK: Steps

    /// Adds a step to the execution and runs or launches it.
    private func begin(_ execution: inout ExecutionRecord, _ name: String, run: Run) async throws {
        guard let step = run.definition.step(named: name) else { return }
        execution.steps.append(StepRecord(
            name: name, type: step.type.rawValue, displayName: step.displayName, description: step.description, status: "Starting",
            started: clock.now(), attempts: execution.retriedAttempts[name] ?? 0
        ))
        execution.modified = clock.now()
        try await store.save(execution)
        await announce(execution, step: name, previous: nil)
        try await launch(&execution, name, run: run)
    }

    /// Makes one attempt at a step: resolves its arguments, then starts its job or does its work.
    private func launch(_ execution: inout ExecutionRecord, _ name: String, run: Run) async throws {
        guard let step = run.definition.step(named: name) else { return }
        execution.update(name) {
            $0.attempts += 1
            $0.retryAt = nil
        }
        let context = ExecutionContext(execution: execution, definition: run.definition, parameters: run.parameters, objects: objects, role: run.role, now: clock.now())
        do {
            switch step.type {
            case .condition:
                let outcome = try await PipelineConditions.evaluate(step.conditions, context: context)
                let text = outcome ? "True" : "False"
                execution.update(name) {
                    $0.properties = .object(["Outcome": .string(text)])
                    $0.metadata = .object(["Condition": .object(["Outcome": .string(text)])])
                }
                try await finish(&execution, name, status: "Succeeded", reason: nil, run: run)
            case .fail:
                let message = try await PipelineExpressions.resolve(step.arguments["ErrorMessage"] ?? .string(""), context: context).text
                execution.update(name) { $0.metadata = .object(["Fail": .object(["ErrorMessage": .string(message)])]) }
                try await finish(&execution, name, status: "Failed", reason: message, run: run)
            case .registerModel:
                let arguments = try await PipelineExpressions.resolve(step.arguments, context: context)
                let created = try await call("CreateModelPackage", arguments, run)
                guard let arn = created["ModelPackageArn"]?.string else { throw PipelineExpressionError("CreateModelPackage answered no ModelPackageArn") }
                let described = try await call("DescribeModelPackage", .object(["ModelPackageName": .string(arn)]), run)
                execution.update(name) {
                    $0.properties = described
                    $0.metadata = .object(["RegisterModel": .object(["Arn": .string(arn)])])
                }
                try await finish(&execution, name, status: "Succeeded", reason: nil, run: run)
            case .lambda:
                try await invokeFunction(&execution, step, context: context, run: run)
            case .model:
                // CreateModel with a name SageMaker makes; the step's properties are DescribeModel's answer.
                var request = try await PipelineExpressions.resolve(step.arguments, context: context).object ?? [:]
                let model = Self.jobName(execution: execution.id, step: name)
                request["ModelName"] = .string(model)
                let created = try await call("CreateModel", .object(request), run)
                let described = try await call("DescribeModel", .object(["ModelName": .string(model)]), run)
                execution.update(name) {
                    $0.properties = described
                    $0.metadata = .object(["Model": .object(["Arn": created["ModelArn"] ?? .string("")])])
                }
                try await finish(&execution, name, status: "Succeeded", reason: nil, run: run)
            default:
                guard let kind = JobKind(step.type.rawValue) else { throw PipelineExpressionError("Step type \(step.type.rawValue) is not supported by this server") }
                let arguments = try await PipelineExpressions.resolve(step.arguments, context: context)
                if try await reuse(&execution, step, arguments: arguments, run: run) { return }
                let job = Self.jobName(execution: execution.id, step: name)
                var request = arguments.object ?? [:]
                request[kind.nameMember] = .string(job)
                let jobArn = kind.arn(job, execution: execution)
                execution.update(name) {
                    $0.jobName = job
                    $0.status = "Executing"
                    $0.metadata = .object([kind.noun: .object(["Arn": .string(jobArn)])])
                }
                _ = try await call("Create\(kind.noun)", .object(request), run)
                execution.modified = clock.now()
                try await store.save(execution)
                await announce(execution, step: name, previous: "Starting")
            }
        } catch {
            execution.update(name) { $0.jobName = nil }
            try await failed(&execution, step, reason: Self.reason(error), retryable: Self.retryType(error), run: run)
        }
    }

    /// Looks at a running step's job; true when the step ended.
    private func follow(_ execution: inout ExecutionRecord, _ record: StepRecord, _ run: Run) async throws -> Bool {
        guard let job = record.jobName, let kind = JobKind(record.type), let step = run.definition.step(named: record.name) else { return false }
        let described: PipelineValue
        do {
            described = try await call("Describe\(kind.noun)", .object([kind.nameMember: .string(job)]), run)
        } catch {
            return false
        }
        switch described[kind.statusMember]?.string {
        case "Completed":
            execution.update(record.name) {
                $0.properties = described
                $0.jobName = nil
            }
            try await finish(&execution, record.name, status: "Succeeded", reason: nil, run: run)
            if step.cacheConfig?.enabled == true, let done = execution.step(record.name) {
                try? await store.remember(pipeline: execution.pipelineArn, execution: execution.arn, step: done, at: clock.now())
            }
            return true
        case "Failed":
            let reason = described["FailureReason"]?.string ?? "\(kind.noun) failed"
            execution.update(record.name) {
                $0.properties = described
                $0.jobName = nil
            }
            let type = reason.hasPrefix("InternalServerError") ? "SageMaker.JOB_INTERNAL_ERROR" : nil
            try await failed(&execution, step, reason: reason, retryable: type, run: run)
            return true
        case "Stopped":
            execution.update(record.name) {
                $0.properties = described
                $0.jobName = nil
            }
            try await finish(&execution, record.name, status: execution.status == "Stopping" ? "Stopped" : "Failed", reason: described["FailureReason"]?.string ?? "\(kind.noun) stopped", run: run)
            return true
        default:
            return false
        }
    }

    /// A failed attempt: tried again when a retry policy covers `retryable` and attempts remain, else the step fails.
    private func failed(_ execution: inout ExecutionRecord, _ step: PipelineStep, reason: String, retryable: String?, run: Run) async throws {
        let attempts = execution.step(step.name)?.attempts ?? 1
        if let type = retryable, execution.status == "Executing",
           let policy = step.retryPolicies.first(where: { $0.exceptionTypes.contains(type) }), attempts < (policy.maxAttempts ?? 5) + 1 {
            let wait = policy.intervalSeconds * pow(policy.backoffRate, Double(attempts - 1))
            execution.update(step.name) {
                $0.retryAt = clock.now().addingTimeInterval(wait)
                $0.status = "Executing"
                $0.failureReason = reason
            }
            execution.modified = clock.now()
            try await store.save(execution)
            return
        }
        try await finish(&execution, step.name, status: "Failed", reason: reason, run: run)
    }

    private func finish(_ execution: inout ExecutionRecord, _ name: String, status: String, reason: String?, run: Run) async throws {
        let previous = execution.step(name)?.status
        let now = clock.now()
        execution.update(name) {
            $0.status = status
            $0.failureReason = reason.map { String($0.prefix(1024)) }
            $0.ended = now
            $0.retryAt = nil
        }
        execution.modified = now
        try await store.save(execution)
        await announce(execution, step: name, previous: previous)
    }

    /// A cached result for the step's resolved arguments, when its CacheConfig allows and one exists.
    private func reuse(_ execution: inout ExecutionRecord, _ step: PipelineStep, arguments: PipelineValue, run: Run) async throws -> Bool {
        let hash = Self.hash(type: step.type.rawValue, arguments: arguments)
        execution.update(step.name) { $0.argumentsHash = hash }
        guard let cache = step.cacheConfig, cache.enabled else { return false }
        let since = cache.expireAfterSeconds.map { clock.now().addingTimeInterval(-$0) } ?? .distantPast
        guard let hit = try await store.cached(pipeline: execution.pipelineArn, step: step.name, hash: hash, since: since) else { return false }
        execution.update(step.name) {
            $0.properties = hit.step.properties
            $0.metadata = hit.step.metadata
            $0.cacheSource = hit.execution
        }
        try await finish(&execution, step.name, status: "Succeeded", reason: nil, run: run)
        return true
    }

    private func invokeFunction(_ execution: inout ExecutionRecord, _ step: PipelineStep, context: ExecutionContext, run: Run) async throws {
        guard let function = step.functionArn else { throw PipelineExpressionError("Lambda step \(step.name) has no FunctionArn") }
        let arguments = try await PipelineExpressions.resolve(step.arguments, context: context)
        // The pipeline's role invokes the function, as SageMaker does: it needs lambda:InvokeFunction.
        let result = try await functions.invoke(function, payload: Array(try Self.json(arguments)), as: run.role, authorizer: authorizer)
        if let error = result.functionError {
            throw PipelineExpressionError("Lambda function \(function) failed (\(error)): \(String(decoding: result.payload.prefix(900), as: UTF8.self))")
        }
        let answer = (try? PipelineValue(json: Data(result.payload))) ?? .null
        var outputs: [PipelineValue] = []
        for output in step.outputParameters {
            guard let value = answer[output.name] else {
                throw PipelineExpressionError("Lambda function \(function) did not return output parameter \(output.name)")
            }
            outputs.append(.object(["Name": .string(output.name), "Value": .string(value.text)]))
        }
        execution.update(step.name) {
            $0.properties = .object(["OutputParameters": .object(Dictionary(outputs.compactMap { o in o["Name"]?.string.map { ($0, o["Value"] ?? .null) } }, uniquingKeysWith: { _, last in last }))])
            $0.metadata = .object(["Lambda": .object(["Arn": .string(function), "OutputParameters": .array(outputs)])])
        }
        try await finish(&execution, step.name, status: "Succeeded", reason: nil, run: run)
    }

    // MARK: Helpers

    private func call(_ operation: String, _ input: PipelineValue, _ run: Run) async throws -> PipelineValue {
        let answer = try await calls.call(service: "sagemaker", operation: operation, input: Array(try Self.json(input)), context: run.role)
        return (try? PipelineValue(json: Data(answer))) ?? .object([:])
    }

    static func json(_ value: PipelineValue) throws -> Data { try value.jsonData() }

    static func reason(_ error: any Error) -> String {
        if let service = error as? any ServiceError { return "ClientError: \(service.message)" }
        return "\(error)"
    }

    /// The retry policy exception type an error is: throttling, a service fault, or nothing retryable.
    static func retryType(_ error: any Error) -> String? {
        guard let service = error as? any ServiceError else { return nil }
        if service.code.contains("Throttl") || service.code == "ResourceLimitExceeded" { return "Step.THROTTLING" }
        return service.httpStatus >= 500 ? "Step.SERVICE_FAULT" : nil
    }

    static func hash(type: String, arguments: PipelineValue) -> String {
        let digest = SHA256.hash(data: Data((type + "\n" + arguments.jsonString).utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// A job's name as SageMaker Pipelines makes it: `pipelines-<execution id>-<step>-<random>`, within 63 characters.
    static func jobName(execution id: String, step: String) -> String {
        let cleaned = String(step.map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(24)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let suffix = String((0..<10).map { _ in alphabet.randomElement() ?? "x" })
        var name = "pipelines-\(id)-\(cleaned)-\(suffix)"
        while name.contains("--") { name = name.replacingOccurrences(of: "--", with: "-") }
        return name
    }

    // MARK: Events

    private func announce(_ execution: ExecutionRecord, previous: String) async {
        var detail: [String: JSONValue] = [
            "currentPipelineExecutionStatus": .string(execution.status), "previousPipelineExecutionStatus": .string(previous),
            "executionStartTime": .string(ExecutionContext.timestamp(execution.created)), "pipelineArn": .string(execution.pipelineArn),
            "pipelineExecutionArn": .string(execution.arn), "pipelineExecutionDisplayName": .string(execution.displayName ?? execution.id),
        ]
        if execution.isTerminal { detail["executionEndTime"] = .string(ExecutionContext.timestamp(execution.modified)) }
        if let description = execution.description { detail["pipelineExecutionDescription"] = .string(description) }
        if let reason = execution.failureReason { detail["failureReason"] = .string(reason) }
        try? await events.publish(
            source: "aws.sagemaker", detailType: "SageMaker Model Building Pipeline Execution Status Change", detail: .object(detail),
            resources: [execution.pipelineArn, execution.arn], account: execution.account, region: execution.region
        )
    }

    private func announce(_ execution: ExecutionRecord, step name: String, previous: String?) async {
        guard let step = execution.step(name) else { return }
        var detail: [String: JSONValue] = [
            "stepName": .string(name), "stepType": .string(step.type), "currentStepStatus": .string(step.status),
            "pipelineArn": .string(execution.pipelineArn), "pipelineExecutionArn": .string(execution.arn),
            "metadata": step.metadata.flatMap(Self.jsonValue) ?? .object([:]),
        ]
        if let previous { detail["previousStepStatus"] = .string(previous) }
        if let started = step.started { detail["stepStartTime"] = .string(ExecutionContext.timestamp(started)) }
        if let ended = step.ended { detail["stepEndTime"] = .string(ExecutionContext.timestamp(ended)) }
        if let reason = step.failureReason { detail["failureReason"] = .string(reason) }
        try? await events.publish(
            source: "aws.sagemaker", detailType: "SageMaker Model Building Pipeline Execution Step Status Change", detail: .object(detail),
            resources: [execution.pipelineArn, execution.arn], account: execution.account, region: execution.region
        )
    }

    static func jsonValue(_ value: PipelineValue) -> JSONValue? {
        (try? value.jsonData()).flatMap { try? JSONValue.parse($0) }
    }
}

/// The kinds of job a step runs, with the names SageMaker's operations give their members.
struct JobKind: Sendable {
    let noun: String
    let nameMember: String
    let statusMember: String
    let arnSegment: String

    init?(_ type: String) {
        switch type {
        case "Training": (noun, nameMember, statusMember, arnSegment) = ("TrainingJob", "TrainingJobName", "TrainingJobStatus", "training-job")
        case "Processing": (noun, nameMember, statusMember, arnSegment) = ("ProcessingJob", "ProcessingJobName", "ProcessingJobStatus", "processing-job")
        case "Transform": (noun, nameMember, statusMember, arnSegment) = ("TransformJob", "TransformJobName", "TransformJobStatus", "transform-job")
        default: return nil
        }
    }

    func arn(_ job: String, execution: ExecutionRecord) -> String {
        "arn:aws:sagemaker:\(execution.region):\(execution.account):\(arnSegment)/\(job.lowercased())"
    }
}
