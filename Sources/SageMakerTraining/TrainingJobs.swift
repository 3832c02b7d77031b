import Compute
import Foundation
import ServiceKit
import SlipwayCore

/// SageMaker's training job operations (`CreateTrainingJob`, `DescribeTrainingJob`, `ListTrainingJobs`,
/// `StopTrainingJob`), composed into the SageMaker service's operation table by the server.
public struct TrainingJobs: Sendable {
    let store: JobStore<TrainingJobRecord>
    let runner: TrainingRunner
    let roles: any RoleAssumptionPort
    let clock: any WallClock
    static let namePattern = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"
    static let deniedCode = "AccessDeniedException"

    func arn(_ name: String, _ context: ServiceContext) -> String {
        "arn:aws:sagemaker:\(context.region.name):\(context.account):training-job/\(name.lowercased())"
    }

    func request(_ action: String, _ resource: String, _ context: ServiceContext) -> AccessRequest {
        AccessRequest(action: "sagemaker:\(action)", resource: resource, resourceAccount: context.account.rawValue)
    }

    public var operations: [ServiceOperation] {
        [
            ServiceOperation("CreateTrainingJob", input: CreateTrainingJobInput.self, accessAll: { input, context in
                try await Self.createAccess("CreateTrainingJob", arn(input.trainingJobName, context), role: input.roleArn, tags: input.tags, context, roles: roles)
            }, handler: { input, context in try await create(input, context) }),
            ServiceOperation("DescribeTrainingJob", input: TrainingJobNameInput.self, access: { input, context in
                request("DescribeTrainingJob", arn(input.trainingJobName, context), context)
            }, handler: { input, context in Self.describe(try await require(input.trainingJobName, context)) }),
            ServiceOperation("ListTrainingJobs", input: JobListing.self, access: { _, context in
                request("ListTrainingJobs", "*", context)
            }, handler: { input, context in try await list(input, context) }),
            ServiceOperation("StopTrainingJob", input: TrainingJobNameInput.self, access: { input, context in
                request("StopTrainingJob", arn(input.trainingJobName, context), context)
            }, handler: { input, context in
                var job = try await require(input.trainingJobName, context)
                guard job.status == "InProgress" else {
                    throw TrainingError.validation("The request was rejected because the training job is in status \(job.status).")
                }
                job.status = "Stopping"
                job.enter("Stopping", message: "Stopping the training job", at: clock.now())
                try await store.save(job)
                _ = runner.executor.stop(job.arn)
                return EmptyOutput()
            }),
        ]
    }

    /// What creating a job needs: the create action (with its tags), passing its role to SageMaker, and `AddTags`
    /// when it is tagged.
    static func createAccess(
        _ action: String, _ target: String, role: String, tags: [TagShape]?, _ context: ServiceContext, roles: any RoleAssumptionPort
    ) async throws -> [AccessRequest] {
        try await PassRole.sageMakerCreation(action, target, role: role, tags: (tags ?? []).map { ($0.key, $0.value) }, context: context, roles: roles)
    }

    func require(_ name: String, _ context: ServiceContext) async throws -> TrainingJobRecord {
        guard let job = try await store.job(account: context.account.rawValue, region: context.region.name, name: name) else {
            throw TrainingError.notFound("Requested resource not found: Training job \(name) does not exist.")
        }
        return job
    }

    func create(_ input: CreateTrainingJobInput, _ context: ServiceContext) async throws -> TrainingJobArnOutput {
        try TrainingError.check(input.trainingJobName, member: "trainingJobName", pattern: Self.namePattern, max: 63)
        guard let specification = input.algorithmSpecification else {
            throw TrainingError.validation("1 validation error detected: Value null at 'algorithmSpecification' failed to satisfy constraint: Member must not be null")
        }
        guard ["File", "Pipe", "FastFile"].contains(specification.trainingInputMode) else {
            throw TrainingError.validation("1 validation error detected: Value '\(specification.trainingInputMode)' at 'algorithmSpecification.trainingInputMode' failed to satisfy constraint: Member must satisfy enum value set: [Pipe, File, FastFile]")
        }
        guard let image = specification.trainingImage else {
            throw TrainingError.validation(specification.algorithmName == nil
                ? "Either TrainingImage or AlgorithmName must be provided in AlgorithmSpecification."
                : "Slipway runs training images; AlgorithmName \(specification.algorithmName ?? "") is not supported, give TrainingImage.")
        }
        guard runner.executor.profiles.profile(for: image) != nil else { throw TrainingError.validation(ImageProfiles.unprofiled(image)) }
        if let runtime = input.stoppingCondition?.maxRuntimeInSeconds, runtime < 1 {
            throw TrainingError.validation("1 validation error detected: Value '\(runtime)' at 'stoppingCondition.maxRuntimeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 1")
        }
        guard S3URI(input.outputDataConfig.s3OutputPath) != nil else {
            throw TrainingError.validation("1 validation error detected: Value '\(input.outputDataConfig.s3OutputPath)' at 'outputDataConfig.s3OutputPath' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$")
        }
        for definition in specification.metricDefinitions ?? [] where (try? NSRegularExpression(pattern: definition.regex)) == nil {
            throw TrainingError.validation("The regular expression of metric \(definition.name) is not valid: \(definition.regex)")
        }
        let names = (input.inputDataConfig ?? []).map(\.channelName)
        if Set(names).count != names.count { throw TrainingError.validation("Channel names must be unique.") }
        // The role must exist in this account and trust SageMaker: checked now, not when the job has started.
        do {
            _ = try await roles.assumeRole(input.roleArn, by: "sagemaker.amazonaws.com", for: context.account.rawValue, sessionName: "SageMaker", conditions: [:])
        } catch {
            throw TrainingError.validation("Could not assume role \(input.roleArn). Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role.")
        }
        let now = clock.now()
        var job = TrainingJobRecord(
            arn: arn(input.trainingJobName, context), account: context.account.rawValue, region: context.region.name, name: input.trainingJobName,
            request: input, status: "InProgress", secondaryStatus: "Starting", transitions: [], failureReason: nil, modelArtifacts: nil, metrics: [],
            created: now, started: nil, ended: nil, modified: now
        )
        job.enter("Starting", message: "Launching requested ML instances", at: now)
        guard try await store.insert(job, owner: runner.executor.owner, leaseUntil: now.addingTimeInterval(runner.executor.lease)) else {
            throw TrainingError.inUse("Training job names must be unique within an AWS account and region, and a training job with this name already exists (\(job.arn))")
        }
        do {
            try await runner.executor.tag(job.arn, input.tags ?? [], context: context)
        } catch {
            try? await store.delete(job.arn)
            throw error
        }
        runner.start(job)
        return TrainingJobArnOutput(trainingJobArn: job.arn)
    }

    func list(_ input: JobListing, _ context: ServiceContext) async throws -> ListTrainingJobsOutput {
        let page = try input.page(try await store.jobs(account: context.account.rawValue, region: context.region.name))
        return ListTrainingJobsOutput(trainingJobSummaries: page.items.map { job in
            TrainingJobSummaryShape(
                trainingJobName: job.name, trainingJobArn: job.arn, creationTime: job.created, trainingEndTime: job.ended, lastModifiedTime: job.modified,
                trainingJobStatus: job.status, secondaryStatus: job.secondaryStatus
            )
        }, nextToken: page.nextToken)
    }

    static func describe(_ job: TrainingJobRecord) -> DescribeTrainingJobOutput {
        let request = job.request
        let seconds = job.started.map { Int((job.ended ?? Date()).timeIntervalSince($0).rounded(.up)) }
        return DescribeTrainingJobOutput(
            trainingJobName: job.name, trainingJobArn: job.arn, modelArtifacts: job.modelArtifacts.map(ModelArtifactsShape.init),
            trainingJobStatus: job.status, secondaryStatus: job.secondaryStatus, failureReason: job.failureReason, hyperParameters: request.hyperParameters,
            algorithmSpecification: request.algorithmSpecification, roleArn: request.roleArn, inputDataConfig: request.inputDataConfig,
            outputDataConfig: request.outputDataConfig, resourceConfig: request.resourceConfig, stoppingCondition: request.stoppingCondition,
            creationTime: job.created, trainingStartTime: job.started, trainingEndTime: job.ended, lastModifiedTime: job.modified,
            secondaryStatusTransitions: job.transitions, finalMetricDataList: job.metrics.isEmpty ? nil : job.metrics,
            trainingTimeInSeconds: job.ended == nil ? nil : seconds, billableTimeInSeconds: job.ended == nil ? nil : seconds, environment: request.environment
        )
    }
}

/// SageMaker's errors for training jobs.
struct TrainingError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func validation(_ message: String) -> TrainingError { TrainingError(code: "ValidationException", message: message, httpStatus: 400) }
    static func notFound(_ message: String) -> TrainingError { TrainingError(code: "ResourceNotFound", message: message, httpStatus: 400) }
    static func inUse(_ message: String) -> TrainingError { TrainingError(code: "ResourceInUse", message: message, httpStatus: 400) }

    static func check(_ value: String, member: String, pattern: String, max: Int) throws {
        guard (1...max).contains(value.count), value.range(of: "^(\(pattern))$", options: .regularExpression) != nil else {
            throw validation("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: \(pattern)")
        }
    }
}
