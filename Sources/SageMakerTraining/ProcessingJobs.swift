import Compute
import Foundation
import ServiceKit
import SlipwayCore

/// SageMaker's processing job operations (`CreateProcessingJob`, `DescribeProcessingJob`, `ListProcessingJobs`,
/// `StopProcessingJob`), composed into the SageMaker service's operation table by the server.
public struct ProcessingJobs: Sendable {
    let store: JobStore<ProcessingJobRecord>
    let runner: ProcessingRunner
    let roles: any RoleAssumptionPort
    var clock: any WallClock { runner.clock }

    func arn(_ name: String, _ context: ServiceContext) -> String {
        "arn:aws:sagemaker:\(context.region.name):\(context.account):processing-job/\(name.lowercased())"
    }

    func request(_ action: String, _ resource: String, _ context: ServiceContext) -> AccessRequest {
        AccessRequest(action: "sagemaker:\(action)", resource: resource, resourceAccount: context.account.rawValue)
    }

    public var operations: [ServiceOperation] {
        [
            ServiceOperation("CreateProcessingJob", input: CreateProcessingJobInput.self, accessAll: { input, context in
                try await TrainingJobs.createAccess("CreateProcessingJob", arn(input.processingJobName, context), role: input.roleArn, tags: input.tags, context, roles: roles)
            }, handler: { input, context in try await create(input, context) }),
            ServiceOperation("DescribeProcessingJob", input: ProcessingJobNameInput.self, access: { input, context in
                request("DescribeProcessingJob", arn(input.processingJobName, context), context)
            }, handler: { input, context in Self.describe(try await require(input.processingJobName, context)) }),
            ServiceOperation("ListProcessingJobs", input: JobListing.self, access: { _, context in
                request("ListProcessingJobs", "*", context)
            }, handler: { input, context in try await list(input, context) }),
            ServiceOperation("StopProcessingJob", input: ProcessingJobNameInput.self, access: { input, context in
                request("StopProcessingJob", arn(input.processingJobName, context), context)
            }, handler: { input, context in
                var job = try await require(input.processingJobName, context)
                guard job.status == "InProgress" else {
                    throw TrainingError.validation("The request was rejected because the processing job is in status \(job.status).")
                }
                job.status = "Stopping"
                job.modified = clock.now()
                try await store.save(job)
                _ = runner.executor.stop(job.arn)
                return EmptyOutput()
            }),
        ]
    }

    func require(_ name: String, _ context: ServiceContext) async throws -> ProcessingJobRecord {
        guard let job = try await store.job(account: context.account.rawValue, region: context.region.name, name: name) else {
            throw TrainingError.notFound("Could not find requested job with name \(name)")
        }
        return job
    }

    static func validate(_ input: CreateProcessingJobInput) throws {
        try TrainingError.check(input.processingJobName, member: "processingJobName", pattern: TrainingJobs.namePattern, max: 63)
        if let runtime = input.stoppingCondition?.maxRuntimeInSeconds, !(1...777_600).contains(runtime) {
            throw TrainingError.validation("1 validation error detected: Value '\(runtime)' at 'stoppingCondition.maxRuntimeInSeconds' failed to satisfy constraint: Member must have value between 1 and 777600")
        }
        let inputs = input.processingInputs ?? [], outputs = input.processingOutputConfig?.outputs ?? []
        if inputs.count > 10 || outputs.count > 10 {
            throw TrainingError.validation("1 validation error detected: a processing job has at most 10 inputs and 10 outputs.")
        }
        if Set(inputs.map(\.inputName)).count != inputs.count { throw TrainingError.validation("ProcessingInput names must be unique.") }
        if Set(outputs.map(\.outputName)).count != outputs.count { throw TrainingError.validation("ProcessingOutput names must be unique.") }
        var paths: [String] = []
        for item in inputs {
            guard let source = item.s3Input else { throw TrainingError.validation("ProcessingInput \(item.inputName) must have an S3Input.") }
            guard S3URI(source.s3Uri) != nil else {
                throw TrainingError.validation("1 validation error detected: Value '\(source.s3Uri)' at 'processingInputs.\(item.inputName).s3Input.s3Uri' failed to satisfy constraint: Member must satisfy regular expression pattern: (https|s3)://([^/]+)/?(.*)")
            }
            guard let local = source.localPath, ProcessingRunner.hostPath(local, ml: URL(fileURLWithPath: "/")) != nil else {
                throw TrainingError.validation("LocalPath \(source.localPath ?? "null") of ProcessingInput \(item.inputName) must be a subdirectory of /opt/ml/processing.")
            }
            paths.append(local)
        }
        for item in outputs {
            guard let destination = item.s3Output else { throw TrainingError.validation("ProcessingOutput \(item.outputName) must have an S3Output.") }
            guard S3URI(destination.s3Uri) != nil else {
                throw TrainingError.validation("1 validation error detected: Value '\(destination.s3Uri)' at 'processingOutputConfig.outputs.\(item.outputName).s3Output.s3Uri' failed to satisfy constraint: Member must satisfy regular expression pattern: (https|s3)://([^/]+)/?(.*)")
            }
            guard let local = destination.localPath, ProcessingRunner.hostPath(local, ml: URL(fileURLWithPath: "/")) != nil else {
                throw TrainingError.validation("LocalPath \(destination.localPath ?? "null") of ProcessingOutput \(item.outputName) must be a subdirectory of /opt/ml/processing.")
            }
            guard ["EndOfJob", "Continuous"].contains(destination.s3UploadMode) else {
                throw TrainingError.validation("1 validation error detected: Value '\(destination.s3UploadMode)' at 'processingOutputConfig.outputs.\(item.outputName).s3Output.s3UploadMode' failed to satisfy constraint: Member must satisfy enum value set: [Continuous, EndOfJob]")
            }
            paths.append(local)
        }
        let normalized = paths.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        for (index, path) in normalized.enumerated() {
            for other in normalized[(index + 1)...] where path.hasPrefix(other) || other.hasPrefix(path) {
                throw TrainingError.validation("LocalPaths of processing inputs and outputs must not overlap: \(path) and \(other).")
            }
        }
    }

    func create(_ input: CreateProcessingJobInput, _ context: ServiceContext) async throws -> ProcessingJobArnOutput {
        try Self.validate(input)
        guard runner.executor.profiles.profile(for: input.appSpecification.imageUri) != nil else {
            throw TrainingError.validation(ImageProfiles.unprofiled(input.appSpecification.imageUri))
        }
        do {
            _ = try await roles.assumeRole(input.roleArn, by: "sagemaker.amazonaws.com", for: context.account.rawValue, sessionName: "SageMaker", conditions: [:])
        } catch {
            throw TrainingError.validation("Could not assume role \(input.roleArn). Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role.")
        }
        let now = clock.now()
        let job = ProcessingJobRecord(
            arn: arn(input.processingJobName, context), account: context.account.rawValue, region: context.region.name, name: input.processingJobName,
            request: input, status: "InProgress", created: now, modified: now
        )
        guard try await store.insert(job, owner: runner.executor.owner, leaseUntil: now.addingTimeInterval(runner.executor.lease)) else {
            throw TrainingError.inUse("Job name must be unique within an AWS account and region, and a job with this name already exists (\(job.arn))")
        }
        do {
            try await runner.executor.tag(job.arn, input.tags ?? [], context: context)
        } catch {
            try? await store.delete(job.arn)
            throw error
        }
        runner.start(job)
        return ProcessingJobArnOutput(processingJobArn: job.arn)
    }

    func list(_ input: JobListing, _ context: ServiceContext) async throws -> ListProcessingJobsOutput {
        let page = try input.page(try await store.jobs(account: context.account.rawValue, region: context.region.name))
        return ListProcessingJobsOutput(processingJobSummaries: page.items.map { job in
            ProcessingJobSummaryShape(
                processingJobName: job.name, processingJobArn: job.arn, creationTime: job.created, processingEndTime: job.ended, lastModifiedTime: job.modified,
                processingJobStatus: job.status, failureReason: job.failureReason, exitMessage: job.exitMessage
            )
        }, nextToken: page.nextToken)
    }

    static func describe(_ job: ProcessingJobRecord) -> DescribeProcessingJobOutput {
        let request = job.request
        return DescribeProcessingJobOutput(
            processingInputs: request.processingInputs, processingOutputConfig: request.processingOutputConfig, processingJobName: job.name,
            processingResources: request.processingResources, stoppingCondition: request.stoppingCondition, appSpecification: request.appSpecification,
            environment: request.environment, roleArn: request.roleArn, processingJobArn: job.arn, processingJobStatus: job.status,
            exitMessage: job.exitMessage, failureReason: job.failureReason, processingEndTime: job.ended, processingStartTime: job.started,
            lastModifiedTime: job.modified, creationTime: job.created
        )
    }
}
