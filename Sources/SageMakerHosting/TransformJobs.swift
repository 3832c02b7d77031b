import Foundation
import ServiceKit
import SlipwayCore

/// SageMaker's transform job operations (`CreateTransformJob`, `DescribeTransformJob`, `ListTransformJobs`,
/// `StopTransformJob`): batch inference with a model's serving profile over S3 input, run by the transform runner.
struct TransformJobs: Sendable {
    let resources: HostingResources
    let jobs: HostingTable<TransformJobRecord>
    let runner: TransformRunner
    let serving: ServingProfiles

    var operations: [ServiceOperation] {
        [
            ServiceOperation("CreateTransformJob", input: CreateTransformJobInput.self, accessAll: { input, context in
                HostingResources.creation("CreateTransformJob", HostingResources.arn("transform-job", input.transformJobName, context), tags: input.tags, context)
            }, handler: { input, context in try await create(input, context) }),
            ServiceOperation("DescribeTransformJob", input: TransformJobNameInput.self, access: { input, context in
                HostingResources.request("DescribeTransformJob", HostingResources.arn("transform-job", input.transformJobName, context), context)
            }, handler: { input, context in Self.describe(try await require(input.transformJobName, context)) }),
            ServiceOperation("ListTransformJobs", input: HostingListing.self, access: { _, context in
                HostingResources.request("ListTransformJobs", "*", context)
            }, handler: { input, context in
                if let status = input.statusEquals, !["InProgress", "Completed", "Failed", "Stopping", "Stopped"].contains(status) {
                    throw HostingError.constraint(status, member: "statusEquals", "Member must satisfy enum value set: [InProgress, Completed, Failed, Stopping, Stopped]")
                }
                let page = try HostingResources.page(
                    try await jobs.all(account: context.account.rawValue, region: context.region.name), input, status: { $0.status }, modified: { $0.modified }
                )
                return ListTransformJobsOutput(transformJobSummaries: page.items.map {
                    TransformJobSummaryShape(
                        transformJobName: $0.name, transformJobArn: $0.arn, creationTime: $0.created, transformEndTime: $0.ended, lastModifiedTime: $0.modified,
                        transformJobStatus: $0.status, failureReason: $0.failureReason
                    )
                }, nextToken: page.nextToken)
            }),
            ServiceOperation("StopTransformJob", input: TransformJobNameInput.self, access: { input, context in
                HostingResources.request("StopTransformJob", HostingResources.arn("transform-job", input.transformJobName, context), context)
            }, handler: { input, context in
                let job = try await require(input.transformJobName, context)
                guard job.status == "InProgress" || job.status == "Stopping" else {
                    throw HostingError.validation("The request was rejected because the transform job is in status \(job.status).")
                }
                let now = resources.clock.now()
                _ = try await jobs.modify(job.arn) { stored in
                    if stored.status == "InProgress" { stored.status = "Stopping" }
                    stored.modified = now
                }
                runner.stop(job.arn)
                return EmptyOutput()
            }),
        ]
    }

    func require(_ name: String, _ context: ServiceContext) async throws -> TransformJobRecord {
        guard let job = try await jobs.record(named: name, account: context.account.rawValue, region: context.region.name) else {
            throw HostingError(code: "ResourceNotFound", message: "Could not find requested job with name \(name)", httpStatus: 400)
        }
        return job
    }

    func create(_ input: CreateTransformJobInput, _ context: ServiceContext) async throws -> TransformJobArnOutput {
        try HostingError.check(input.transformJobName, member: "transformJobName", pattern: HostingError.namePattern, max: 63)
        try HostingError.check(input.modelName, member: "modelName", pattern: HostingError.modelNamePattern, max: 63)
        try HostingError.checkTags(input.tags)
        let source = input.transformInput.dataSource.s3DataSource
        guard ["S3Prefix", "S3Object"].contains(source.s3DataType) else {
            throw HostingError.validation("S3DataType \(source.s3DataType) is not supported by Slipway's transform jobs; use S3Prefix or S3Object.")
        }
        for (value, member) in [(source.s3Uri, "transformInput.dataSource.s3DataSource.s3Uri"), (input.transformOutput.s3OutputPath, "transformOutput.s3OutputPath")] {
            try HostingError.check(value, member: member, pattern: "(https|s3)://([^/]+)/?(.*)", max: 1024)
        }
        let split = input.transformInput.splitType ?? "None"
        guard ["None", "Line", "RecordIO", "TFRecord"].contains(split) else {
            throw HostingError.constraint(split, member: "transformInput.splitType", "Member must satisfy enum value set: [None, Line, RecordIO, TFRecord]")
        }
        guard ["None", "Line"].contains(split) else { throw HostingError.validation("SplitType \(split) is not supported by Slipway's transform jobs; use None or Line.") }
        if let compression = input.transformInput.compressionType, compression != "None" {
            throw HostingError.validation("CompressionType \(compression) is not supported by Slipway's transform jobs.")
        }
        if let strategy = input.batchStrategy, !["MultiRecord", "SingleRecord"].contains(strategy) {
            throw HostingError.constraint(strategy, member: "batchStrategy", "Member must satisfy enum value set: [MultiRecord, SingleRecord]")
        }
        if let assembly = input.transformOutput.assembleWith, !["None", "Line"].contains(assembly) {
            throw HostingError.constraint(assembly, member: "transformOutput.assembleWith", "Member must satisfy enum value set: [None, Line]")
        }
        if let payload = input.maxPayloadInMB, !(0...100).contains(payload) {
            throw HostingError.constraint(String(payload), member: "maxPayloadInMB", "Member must have value between 0 and 100")
        }
        guard input.transformResources.instanceCount >= 1 else {
            throw HostingError.constraint(String(input.transformResources.instanceCount), member: "transformResources.instanceCount", "Member must have value greater than or equal to 1")
        }
        if let environment = input.environment, environment.count > 16 {
            throw HostingError.constraint(String(environment.count), member: "environment", "Member must have length less than or equal to 16")
        }
        if let processing = input.dataProcessing,
           ![nil, "$"].contains(processing.inputFilter) || ![nil, "$"].contains(processing.outputFilter) || ![nil, "None"].contains(processing.joinSource) {
            throw HostingError.validation("DataProcessing filters and JoinSource are not supported by Slipway's transform jobs.")
        }
        guard let model = try await resources.models.record(named: input.modelName, account: context.account.rawValue, region: context.region.name),
              var container = model.resolved.first, let role = model.executionRoleArn
        else {
            throw HostingError(code: "ResourceNotFound", message: "Could not find model \"\(HostingResources.arn("model", input.modelName, context))\".", httpStatus: 400)
        }
        container.environment.merge(input.environment ?? [:]) { _, given in given }
        guard serving.plan(for: container) != nil else { throw HostingError.validation(ServingProfiles.unprofiled(container.image)) }
        let now = resources.clock.now()
        let arn = HostingResources.arn("transform-job", input.transformJobName, context)
        let job = TransformJobRecord(
            arn: arn, account: context.account.rawValue, region: context.region.name, name: input.transformJobName, created: now, modified: now,
            request: input, variant: DeployedVariant(
                name: "AllTraffic", modelName: model.name, roleArn: role, container: container, instanceType: input.transformResources.instanceType,
                instanceCount: input.transformResources.instanceCount, weight: 1, startupSeconds: 600
            ), status: "InProgress", failureReason: nil, started: now, ended: nil
        )
        guard try await jobs.insert(job, owner: runner.owner, leaseUntil: now.addingTimeInterval(runner.lease)) else {
            throw HostingError(
                code: "ResourceInUse", message: "Transform job names must be unique within an AWS account and region, and a transform job with this name already exists (\(arn))",
                httpStatus: 400
            )
        }
        do {
            try await resources.tag(arn, input.tags, context: context)
        } catch {
            try? await jobs.delete(arn)
            throw error
        }
        runner.start(job)
        return TransformJobArnOutput(transformJobArn: arn)
    }

    static func describe(_ job: TransformJobRecord) -> DescribeTransformJobOutput {
        let request = job.request
        return DescribeTransformJobOutput(
            transformJobName: job.name, transformJobArn: job.arn, transformJobStatus: job.status, failureReason: job.failureReason, modelName: request.modelName,
            maxConcurrentTransforms: request.maxConcurrentTransforms, modelClientConfig: request.modelClientConfig, maxPayloadInMB: request.maxPayloadInMB,
            batchStrategy: request.batchStrategy, environment: request.environment, transformInput: request.transformInput,
            transformOutput: request.transformOutput, transformResources: request.transformResources, dataProcessing: request.dataProcessing,
            creationTime: job.created, transformStartTime: job.started, transformEndTime: job.ended
        )
    }
}
