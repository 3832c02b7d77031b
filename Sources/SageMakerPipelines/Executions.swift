import Foundation
import ServiceKit
import SlipwayCore

extension Pipelines {
    var executionOperations: [ServiceOperation] {
        [
            ServiceOperation("StartPipelineExecution", input: StartPipelineExecutionInput.self, access: { input, context in
                request("StartPipelineExecution", arn(Self.name(input.pipelineName), context), context)
            }, handler: { input, context in try await start(input, context) }),
            ServiceOperation("DescribePipelineExecution", input: PipelineExecutionArnInput.self, access: { input, context in
                request("DescribePipelineExecution", input.pipelineExecutionArn, context)
            }, handler: { input, context in Self.describe(try await execution(input.pipelineExecutionArn, context)) }),
            ServiceOperation("ListPipelineExecutions", input: ListPipelineExecutionsInput.self, access: { input, context in
                request("ListPipelineExecutions", arn(Self.name(input.pipelineName), context), context)
            }, handler: { input, context in try await listExecutions(input, context) }),
            ServiceOperation("ListPipelineExecutionSteps", input: PipelineExecutionArnInput.self, access: { input, context in
                request("ListPipelineExecutionSteps", input.pipelineExecutionArn, context)
            }, handler: { input, context in try await steps(input, context) }),
            ServiceOperation("StopPipelineExecution", input: PipelineExecutionArnInput.self, access: { input, context in
                request("StopPipelineExecution", input.pipelineExecutionArn, context)
            }, handler: { input, context in
                let execution = try await execution(input.pipelineExecutionArn, context)
                guard try await store.requestStop(execution.arn) else {
                    throw PipelineError.conflict("Pipeline execution \(execution.arn) is \(execution.status); only an Executing pipeline execution can be stopped.")
                }
                engine.wake(execution.arn)
                return PipelineExecutionArnOutput(pipelineExecutionArn: execution.arn)
            }),
            ServiceOperation("RetryPipelineExecution", input: PipelineExecutionArnInput.self, access: { input, context in
                request("RetryPipelineExecution", input.pipelineExecutionArn, context)
            }, handler: { input, context in try await retry(input, context) }),
            ServiceOperation("ListPipelineParametersForExecution", input: PipelineExecutionArnInput.self, access: { input, context in
                request("ListPipelineParametersForExecution", input.pipelineExecutionArn, context)
            }, handler: { input, context in
                let execution = try await execution(input.pipelineExecutionArn, context)
                guard let page = OffsetPage(execution.parameters, after: input.nextToken, limit: min(max(input.maxResults ?? 50, 1), 100)) else {
                    throw PipelineError.validation("The NextToken is not valid.")
                }
                return ListPipelineParametersForExecutionOutput(pipelineParameters: page.items, nextToken: page.nextToken)
            }),
            ServiceOperation("DescribePipelineDefinitionForExecution", input: PipelineExecutionArnInput.self, access: { input, context in
                request("DescribePipelineDefinitionForExecution", input.pipelineExecutionArn, context)
            }, handler: { input, context in
                let execution = try await execution(input.pipelineExecutionArn, context)
                return DescribePipelineDefinitionForExecutionOutput(pipelineDefinition: execution.definition, creationTime: execution.created)
            }),
        ]
    }

    func execution(_ arn: String, _ context: ServiceContext) async throws -> ExecutionRecord {
        guard let execution = try await store.execution(arn), execution.account == context.account.rawValue, execution.region == context.region.name else {
            throw PipelineError.notFound("Pipeline execution '\(arn)' does not exist.")
        }
        return execution
    }

    static func executionID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<12).map { _ in alphabet.randomElement() ?? "a" })
    }

    func start(_ input: StartPipelineExecutionInput, _ context: ServiceContext) async throws -> PipelineExecutionArnOutput {
        let pipeline = try await require(input.pipelineName, context)
        if input.selectiveExecutionConfig != nil {
            throw PipelineError.validation("SelectiveExecutionConfig is not supported by this server: start the whole pipeline, or retry a failed execution with RetryPipelineExecution.")
        }
        if let display = input.pipelineExecutionDisplayName {
            try PipelineError.check(display, member: "pipelineExecutionDisplayName", pattern: "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}", max: 82)
        }
        try Self.check(parallelism: input.parallelismConfiguration)
        let given = input.pipelineParameters ?? []
        if let repeated = Dictionary(grouping: given, by: \.name).first(where: { $0.value.count > 1 }) {
            throw PipelineError.validation("Parameter \(repeated.key) is given more than once.")
        }
        let definition: PipelineDefinition
        let values: [String: PipelineValue]
        do {
            definition = try PipelineDefinition(json: pipeline.definition)
            values = try definition.parameterValues(overrides: Dictionary(given.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }))
        } catch {
            throw PipelineError.validation(error.message)
        }
        let parameters = definition.parameters.map { parameter in
            ParameterShape(name: parameter.name, value: given.first { $0.name == parameter.name }?.value ?? values[parameter.name]?.text ?? "")
        }
        let id = Self.executionID(), now = clock.now()
        let execution = ExecutionRecord(
            arn: "\(pipeline.arn)/execution/\(id)", id: id, pipelineArn: pipeline.arn, pipelineName: pipeline.name,
            account: pipeline.account, region: pipeline.region, displayName: input.pipelineExecutionDisplayName ?? "execution-\(Int(now.timeIntervalSince1970 * 1000))",
            description: input.pipelineExecutionDescription, status: "Executing", failureReason: nil, definition: pipeline.definition,
            roleArn: pipeline.roleArn, parameters: parameters, parallelism: input.parallelismConfiguration ?? pipeline.parallelism, steps: [],
            createdBy: Self.user(context), created: now, modified: now, clientToken: input.clientRequestToken
        )
        let stored = try await store.insert(execution, owner: engine.owner, leaseUntil: now.addingTimeInterval(engine.lease))
        if stored.arn == execution.arn { engine.start(execution.arn) }
        return PipelineExecutionArnOutput(pipelineExecutionArn: stored.arn)
    }

    func retry(_ input: PipelineExecutionArnInput, _ context: ServiceContext) async throws -> PipelineExecutionArnOutput {
        var execution = try await execution(input.pipelineExecutionArn, context)
        guard execution.status == "Failed" || execution.status == "Stopped" else {
            throw PipelineError.conflict("Pipeline execution \(execution.arn) is \(execution.status); only a Failed or Stopped pipeline execution can be retried.")
        }
        try Self.check(parallelism: input.parallelismConfiguration)
        // Steps that succeeded stay done; the others run again from where they failed.
        let attempts = Dictionary(execution.steps.map { ($0.name, $0.attempts) }, uniquingKeysWith: { first, _ in first })
        execution.steps.removeAll { $0.status != "Succeeded" }
        execution.retriedAttempts = attempts.filter { name, _ in !execution.steps.contains { $0.name == name } }
        execution.status = "Executing"
        execution.failureReason = nil
        execution.modified = clock.now()
        if let parallelism = input.parallelismConfiguration { execution.parallelism = parallelism }
        guard try await store.reopen(execution.arn, as: execution, owner: engine.owner, until: clock.now().addingTimeInterval(engine.lease)) else {
            throw PipelineError.conflict("Pipeline execution \(execution.arn) is already running again.")
        }
        engine.start(execution.arn)
        return PipelineExecutionArnOutput(pipelineExecutionArn: execution.arn)
    }

    func listExecutions(_ input: ListPipelineExecutionsInput, _ context: ServiceContext) async throws -> ListPipelineExecutionsOutput {
        let pipeline = try await require(input.pipelineName, context)
        var executions = try await store.executions(pipeline: pipeline.arn)
        if let after = input.createdAfter { executions = executions.filter { $0.created > after } }
        if let before = input.createdBefore { executions = executions.filter { $0.created < before } }
        switch input.sortBy ?? "CreationTime" {
        case "CreationTime": executions.sort { ($0.created, $0.arn) < ($1.created, $1.arn) }
        case "PipelineExecutionArn": executions.sort { $0.arn < $1.arn }
        case let other: throw PipelineError.validation("1 validation error detected: Value '\(other)' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [CreationTime, PipelineExecutionArn]")
        }
        if (input.sortOrder ?? "Descending") == "Descending" { executions.reverse() }
        guard let page = OffsetPage(executions, after: input.nextToken, limit: min(max(input.maxResults ?? 50, 1), 100)) else {
            throw PipelineError.validation("The NextToken is not valid.")
        }
        return ListPipelineExecutionsOutput(pipelineExecutionSummaries: page.items.map {
            PipelineExecutionSummaryShape(
                pipelineExecutionArn: $0.arn, startTime: $0.created, pipelineExecutionStatus: $0.status, pipelineExecutionDescription: $0.description,
                pipelineExecutionDisplayName: $0.displayName, pipelineExecutionFailureReason: $0.failureReason
            )
        }, nextToken: page.nextToken)
    }

    func steps(_ input: PipelineExecutionArnInput, _ context: ServiceContext) async throws -> ListPipelineExecutionStepsOutput {
        let execution = try await execution(input.pipelineExecutionArn, context)
        var steps = execution.steps
        // Most recently started first, as SageMaker lists them by default.
        if (input.sortOrder ?? "Descending") == "Descending" { steps.reverse() }
        guard let page = OffsetPage(steps, after: input.nextToken, limit: min(max(input.maxResults ?? 50, 1), 100)) else {
            throw PipelineError.validation("The NextToken is not valid.")
        }
        return ListPipelineExecutionStepsOutput(pipelineExecutionSteps: page.items.map { step in
            PipelineExecutionStepShape(
                stepName: step.name, stepDisplayName: step.displayName, stepDescription: step.description, startTime: step.started, endTime: step.ended,
                stepStatus: step.status, cacheHitResult: step.cacheSource.map(CacheHitResultShape.init), failureReason: step.failureReason,
                metadata: step.metadata, attemptCount: step.attempts
            )
        }, nextToken: page.nextToken)
    }

    static func describe(_ execution: ExecutionRecord) -> DescribePipelineExecutionOutput {
        DescribePipelineExecutionOutput(
            pipelineArn: execution.pipelineArn, pipelineExecutionArn: execution.arn, pipelineExecutionDisplayName: execution.displayName,
            pipelineExecutionStatus: execution.status, pipelineExecutionDescription: execution.description, failureReason: execution.failureReason,
            creationTime: execution.created, lastModifiedTime: execution.modified, createdBy: execution.createdBy, lastModifiedBy: execution.createdBy,
            parallelismConfiguration: execution.parallelism
        )
    }
}
