import Foundation
import ServiceKit
import SlipwayCore

/// SageMaker's pipeline operations (`CreatePipeline` … `DescribePipelineDefinitionForExecution`), composed into the
/// SageMaker service's operation table by the server.
public struct Pipelines: Sendable {
    let store: PipelineStore
    let engine: ExecutionEngine
    let roles: any RoleAssumptionPort
    let objects: any ObjectPort
    var clock: any WallClock { engine.clock }
    static let namePattern = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}"
    static let deniedCode = "AccessDeniedException"

    func arn(_ name: String, _ context: ServiceContext) -> String {
        "arn:aws:sagemaker:\(context.region.name):\(context.account):pipeline/\(name.lowercased())"
    }

    /// The pipeline name a `PipelineName` member gives, which may be the pipeline's ARN.
    static func name(_ nameOrArn: String) -> String {
        guard nameOrArn.hasPrefix("arn:"), let range = nameOrArn.range(of: ":pipeline/") else { return nameOrArn }
        return String(nameOrArn[range.upperBound...].prefix { $0 != "/" })
    }

    func request(_ action: String, _ resource: String, _ context: ServiceContext) -> AccessRequest {
        AccessRequest(action: "sagemaker:\(action)", resource: resource, resourceAccount: context.account.rawValue)
    }

    public var operations: [ServiceOperation] {
        [
            ServiceOperation("CreatePipeline", input: CreatePipelineInput.self, accessAll: { input, context in
                let target = arn(input.pipelineName, context), tags = (input.tags ?? []).map { ($0.key, $0.value) }
                return [
                    request("CreatePipeline", target, context).requestingTags(tags),
                    try await PassRole.access(input.roleArn, to: "sagemaker.amazonaws.com", for: target, context: context, roles: roles, deniedCode: Self.deniedCode),
                ] + (tags.isEmpty ? [] : [request("AddTags", target, context).requestingTags(tags)])
            }, handler: { input, context in try await create(input, context) }),
            ServiceOperation("UpdatePipeline", input: UpdatePipelineInput.self, accessAll: { input, context in
                let target = arn(input.pipelineName, context)
                var requests = [request("UpdatePipeline", target, context)]
                if let role = input.roleArn {
                    requests.append(try await PassRole.access(role, to: "sagemaker.amazonaws.com", for: target, context: context, roles: roles, deniedCode: Self.deniedCode))
                }
                return requests
            }, handler: { input, context in try await update(input, context) }),
            ServiceOperation("DescribePipeline", input: PipelineNameInput.self, access: { input, context in
                request("DescribePipeline", arn(Self.name(input.pipelineName), context), context)
            }, handler: { input, context in Self.describe(try await require(input.pipelineName, context)) }),
            ServiceOperation("DeletePipeline", input: PipelineNameInput.self, access: { input, context in
                request("DeletePipeline", arn(Self.name(input.pipelineName), context), context)
            }, handler: { input, context in
                let pipeline = try await require(input.pipelineName, context)
                guard try await store.delete(pipeline.arn) else {
                    throw PipelineError.conflict("Pipeline \(pipeline.arn) has executions that are still running; stop them before deleting it.")
                }
                return PipelineArnOutput(pipelineArn: pipeline.arn)
            }),
            ServiceOperation("ListPipelines", input: ListPipelinesInput.self, access: { _, context in
                request("ListPipelines", "*", context)
            }, handler: { input, context in try await list(input, context) }),
        ] + executionOperations
    }

    func require(_ nameOrArn: String, _ context: ServiceContext) async throws -> PipelineRecord {
        let name = Self.name(nameOrArn)
        guard let pipeline = try await store.pipeline(account: context.account.rawValue, region: context.region.name, name: name) else {
            throw PipelineError.notFound("Pipeline '\(arn(name, context))' does not exist.")
        }
        return pipeline
    }

    /// The definition a request gives inline or in S3 (read as the caller), validated; exactly one of the two.
    func definition(_ inline: String?, _ location: PipelineDefinitionS3LocationShape?, _ context: ServiceContext) async throws -> String {
        let text: String
        switch (inline, location) {
        case (let inline?, nil): text = inline
        case (nil, let location?):
            do {
                let content = try await objects.read(ObjectLocation(bucket: location.bucket, key: location.objectKey), context: context, limit: 1 << 20)
                text = String(decoding: content.bytes, as: UTF8.self)
            } catch let error as any ServiceError where error.code.hasPrefix("NoSuch") {
                throw PipelineError.validation("Unable to read the pipeline definition from s3://\(location.bucket)/\(location.objectKey): \(error.message)")
            }
        case (nil, nil): throw PipelineError.validation("Either PipelineDefinition or PipelineDefinitionS3Location must be provided.")
        case (_?, _?): throw PipelineError.validation("Only one of PipelineDefinition or PipelineDefinitionS3Location can be provided.")
        }
        guard text.utf8.count <= 1_048_576 else {
            throw PipelineError.validation("1 validation error detected: Value at 'pipelineDefinition' failed to satisfy constraint: Member must have length less than or equal to 1048576")
        }
        do {
            _ = try PipelineDefinition(json: text)
        } catch {
            throw PipelineError.validation("Invalid pipeline definition: \(error.message)")
        }
        return text
    }

    static func check(parallelism: ParallelismConfigurationShape?) throws {
        if let steps = parallelism?.maxParallelExecutionSteps, steps < 1 {
            throw PipelineError.validation("1 validation error detected: Value '\(steps)' at 'parallelismConfiguration.maxParallelExecutionSteps' failed to satisfy constraint: Member must have value greater than or equal to 1")
        }
    }

    /// The caller as `CreatedBy`/`LastModifiedBy` name it.
    static func user(_ context: ServiceContext) -> UserContextShape {
        UserContextShape(iamIdentity: IamIdentityShape(arn: context.principal.arn, principalId: context.principal.userID))
    }

    func create(_ input: CreatePipelineInput, _ context: ServiceContext) async throws -> PipelineArnOutput {
        try PipelineError.check(input.pipelineName, member: "pipelineName", pattern: Self.namePattern, max: 256)
        if let display = input.pipelineDisplayName { try PipelineError.check(display, member: "pipelineDisplayName", pattern: Self.namePattern, max: 256) }
        try Self.check(parallelism: input.parallelismConfiguration)
        let text = try await definition(input.pipelineDefinition, input.pipelineDefinitionS3Location, context)
        try await checkRole(input.roleArn, context)
        let now = clock.now()
        let pipeline = PipelineRecord(
            arn: arn(input.pipelineName, context), account: context.account.rawValue, region: context.region.name, name: input.pipelineName,
            displayName: input.pipelineDisplayName ?? input.pipelineName, description: input.pipelineDescription, definition: text, roleArn: input.roleArn,
            parallelism: input.parallelismConfiguration, tags: input.tags ?? [], createdBy: Self.user(context), lastModifiedBy: Self.user(context),
            created: now, modified: now, lastRun: nil, version: 1
        )
        guard try await store.insert(pipeline) else {
            throw PipelineError.validation("Pipeline names must be unique within an AWS account and region. Pipeline with name (\(input.pipelineName)) already exists.")
        }
        if let tags = input.tags, !tags.isEmpty {
            // Tags live with SageMaker's other tags; the caller was allowed AddTags above.
            do {
                try await engine.calls.addSageMakerTags(pipeline.arn, tags.map { ($0.key, $0.value) }, context: context)
            } catch {
                _ = try? await store.delete(pipeline.arn)
                throw error
            }
        }
        return PipelineArnOutput(pipelineArn: pipeline.arn)
    }

    func update(_ input: UpdatePipelineInput, _ context: ServiceContext) async throws -> UpdatePipelineOutput {
        var pipeline = try await require(input.pipelineName, context)
        try Self.check(parallelism: input.parallelismConfiguration)
        if input.pipelineDefinition != nil || input.pipelineDefinitionS3Location != nil {
            pipeline.definition = try await definition(input.pipelineDefinition, input.pipelineDefinitionS3Location, context)
        }
        if let role = input.roleArn {
            try await checkRole(role, context)
            pipeline.roleArn = role
        }
        if let display = input.pipelineDisplayName {
            try PipelineError.check(display, member: "pipelineDisplayName", pattern: Self.namePattern, max: 256)
            pipeline.displayName = display
        }
        if let description = input.pipelineDescription { pipeline.description = description }
        if let parallelism = input.parallelismConfiguration { pipeline.parallelism = parallelism }
        pipeline.version += 1
        pipeline.modified = clock.now()
        pipeline.lastModifiedBy = Self.user(context)
        try await store.save(pipeline)
        return UpdatePipelineOutput(pipelineArn: pipeline.arn, pipelineVersionId: pipeline.version)
    }

    /// The pipeline's role must exist in the caller's account and trust SageMaker: checked when it is given, not when
    /// an execution first needs it.
    func checkRole(_ role: String, _ context: ServiceContext) async throws {
        do {
            _ = try await roles.assumeRole(role, by: "sagemaker.amazonaws.com", for: context.account.rawValue, sessionName: "SageMaker", conditions: [:])
        } catch {
            throw PipelineError.validation("Could not assume role \(role). Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role.")
        }
    }

    func list(_ input: ListPipelinesInput, _ context: ServiceContext) async throws -> ListPipelinesOutput {
        var pipelines = try await store.pipelines(account: context.account.rawValue, region: context.region.name)
        if let prefix = input.pipelineNamePrefix { pipelines = pipelines.filter { $0.name.lowercased().hasPrefix(prefix.lowercased()) } }
        if let after = input.createdAfter { pipelines = pipelines.filter { $0.created > after } }
        if let before = input.createdBefore { pipelines = pipelines.filter { $0.created < before } }
        switch input.sortBy ?? "CreationTime" {
        case "Name": pipelines.sort { $0.name < $1.name }
        case "CreationTime": pipelines.sort { $0.created < $1.created }
        case let other: throw PipelineError.validation("1 validation error detected: Value '\(other)' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set: [Name, CreationTime]")
        }
        if (input.sortOrder ?? "Descending") == "Descending" { pipelines.reverse() }
        guard let page = OffsetPage(pipelines, after: input.nextToken, limit: min(max(input.maxResults ?? 50, 1), 100)) else {
            throw PipelineError.validation("The NextToken is not valid.")
        }
        return ListPipelinesOutput(pipelineSummaries: page.items.map {
            PipelineSummaryShape(
                pipelineArn: $0.arn, pipelineName: $0.name, pipelineDisplayName: $0.displayName, pipelineDescription: $0.description, roleArn: $0.roleArn,
                creationTime: $0.created, lastModifiedTime: $0.modified, lastExecutionTime: $0.lastRun
            )
        }, nextToken: page.nextToken)
    }

    static func describe(_ pipeline: PipelineRecord) -> DescribePipelineOutput {
        DescribePipelineOutput(
            pipelineArn: pipeline.arn, pipelineName: pipeline.name, pipelineDisplayName: pipeline.displayName, pipelineDefinition: pipeline.definition,
            pipelineDescription: pipeline.description, roleArn: pipeline.roleArn, pipelineStatus: "Active", creationTime: pipeline.created,
            lastModifiedTime: pipeline.modified, lastRunTime: pipeline.lastRun, createdBy: pipeline.createdBy, lastModifiedBy: pipeline.lastModifiedBy,
            parallelismConfiguration: pipeline.parallelism
        )
    }
}

/// SageMaker's errors for pipelines and their executions.
struct PipelineError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func validation(_ message: String) -> PipelineError { PipelineError(code: "ValidationException", message: message, httpStatus: 400) }
    static func notFound(_ message: String) -> PipelineError { PipelineError(code: "ResourceNotFound", message: message, httpStatus: 400) }
    static func conflict(_ message: String) -> PipelineError { PipelineError(code: "ConflictException", message: message, httpStatus: 400) }

    static func check(_ value: String, member: String, pattern: String, max: Int) throws {
        guard (1...max).contains(value.count), value.range(of: "^(\(pattern))$", options: .regularExpression) != nil else {
            throw validation("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: \(pattern)")
        }
    }
}
