import Compute
import Foundation
import ServiceKit
import SlipwayCore

/// Runs processing jobs on the sandboxed executor under SageMaker's processing contract: each input downloaded to
/// its `LocalPath` under `/opt/ml/processing`, `/opt/ml/config/processingjobconfig.json` and `resourceconfig.json`,
/// the container's entrypoint and arguments as given, each output's `LocalPath` uploaded to its `S3Uri` at the end,
/// `/opt/ml/output/message` as the exit message, and the output in `/aws/sagemaker/ProcessingJobs`.
final class ProcessingRunner: Sendable {
    let store: JobStore<ProcessingJobRecord>
    let root: URL
    let executor: JobExecutor
    var clock: any WallClock { executor.clock }
    typealias Failure = JobExecutor.Failure

    init(store: JobStore<ProcessingJobRecord>, root: URL, executor: JobExecutor) {
        self.store = store
        self.root = root
        self.executor = executor
    }

    func start(_ record: ProcessingJobRecord) {
        Task { await self.run(record) }
    }

    private func run(_ initial: ProcessingJobRecord) async {
        let directory = root.appendingPathComponent(initial.account).appendingPathComponent(initial.region).appendingPathComponent(initial.name)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, owner, arn) = (store, executor.owner, initial.arn)
        let job = await executor.leased(arn, renew: { until in try? await store.renew(arn, owner: owner, until: until) }) {
            var job = initial
            do {
                try await execute(&job, directory: directory)
            } catch {
                job.failureReason = String(((error as? any ServiceError)?.message ?? "\(error)").prefix(1024))
                job.finish("Failed", at: clock.now())
            }
            return job
        }
        try? await store.save(job)
    }

    /// Where a container path under `/opt/ml` lives on the host, or nil when it leaves `/opt/ml/processing`.
    static func hostPath(_ local: String, ml: URL) -> URL? {
        let parts = local.split(separator: "/").map(String.init)
        guard parts.count > 3, Array(parts.prefix(3)) == ["opt", "ml", "processing"], !parts.contains(".."), !parts.contains(".") else { return nil }
        return parts.dropFirst(2).reduce(ml) { $0.appendingPathComponent($1) }
    }

    private func execute(_ job: inout ProcessingJobRecord, directory: URL) async throws {
        let request = job.request
        let ml = directory.appendingPathComponent("ml")
        let manager = FileManager.default
        try? manager.removeItem(at: directory)
        for path in ["config", "output", "processing", "cache"] {
            try manager.createDirectory(at: ml.appendingPathComponent(path), withIntermediateDirectories: true)
        }
        let context = try await executor.session(role: request.roleArn, account: job.account, region: job.region, label: "processing-\(job.name)")
        for input in request.processingInputs ?? [] {
            guard let source = input.s3Input, let local = source.localPath, let target = Self.hostPath(local, ml: ml) else { continue }
            guard source.s3DataType == "S3Prefix" else { throw Failure(description: "ClientError: S3DataType \(source.s3DataType) is not supported; use S3Prefix.") }
            try await executor.download(source.s3Uri, into: target, context: context)
        }
        for output in request.processingOutputConfig?.outputs ?? [] {
            if let local = output.s3Output?.localPath, let target = Self.hostPath(local, ml: ml) {
                try manager.createDirectory(at: target, withIntermediateDirectories: true)
            }
        }
        try JobExecutor.writeJSON(ProcessingJobConfig(job), to: ml.appendingPathComponent("config/processingjobconfig.json"))
        try JobExecutor.writeJSON(["current_host": "algo-1", "hosts": ["algo-1"]] as [String: any Sendable], to: ml.appendingPathComponent("config/resourceconfig.json"))
        guard let entrypoint = request.appSpecification.containerEntrypoint, let first = entrypoint.first else {
            throw Failure(description: "ClientError: Slipway runs an image through its ContainerEntrypoint; \(request.appSpecification.imageUri) has none in this request.")
        }
        let group = "/aws/sagemaker/ProcessingJobs", stream = "\(job.name)/algo-1-\(Int(clock.now().timeIntervalSince1970))"
        let (logs, account, region) = (executor.logs, job.account, job.region)
        let image = try await executor.image(
            request.appSpecification.imageUri, account: job.account, directory: directory,
            log: { logs.append([$0], group: group, stream: stream, account: account, region: region) }
        )
        let command = [JobExecutor.program(first, image: image)] + entrypoint.dropFirst() + (request.appSpecification.containerArguments ?? [])
        var environment = request.environment ?? [:]
        environment.merge(try await executor.baseEnvironment(role: request.roleArn, account: job.account, region: job.region, image: image)) { _, fixed in fixed }
        environment["PROCESSING_JOB_NAME"] = job.name
        environment["PROCESSING_JOB_ARN"] = job.arn
        job.started = clock.now()
        job.modified = clock.now()
        try await store.save(job)
        let spec = SandboxSpec(
            command: command, environment: environment, workingDirectory: "/opt/ml/processing",
            mounts: [.writable(host: ml.path, at: "/opt/ml"), .scratch(at: "/tmp", bytes: 1 << 30)] + image.mounts,
            limits: JobExecutor.limits(runtime: request.stoppingCondition?.maxRuntimeInSeconds ?? 86_400)
        )
        let outcome = try await executor.run(
            spec, arn: job.arn, group: group, stream: stream, account: job.account, region: job.region, metricDefinitions: [], limit: request.stoppingCondition?.maxRuntimeInSeconds ?? 86_400
        )
        job.exitMessage = JobExecutor.written("message", in: ml)
        if outcome.timedOut {
            job.failureReason = "Processing job runtime exceeded MaxRuntimeInSeconds provided"
            job.finish("Stopped", at: clock.now())
            return
        }
        if outcome.stopped {
            job.finish("Stopped", at: clock.now())
            return
        }
        guard outcome.status == 0 else {
            throw Failure(description: JobExecutor.written("failure", in: ml) ?? "AlgorithmError: See job logs for more information (the container exited with status \(outcome.status))")
        }
        for output in request.processingOutputConfig?.outputs ?? [] {
            guard let destination = output.s3Output, let local = destination.localPath, let source = Self.hostPath(local, ml: ml) else { continue }
            try await executor.upload(source, to: destination.s3Uri, context: context)
        }
        job.finish("Completed", at: clock.now())
    }
}

/// `/opt/ml/config/processingjobconfig.json`: the job's request as the container reads it.
struct ProcessingJobConfig: Encodable {
    let processingJobArn: String
    let processingJobName: String
    let appSpecification: AppSpecificationShape
    let environment: [String: String]?
    let processingInputs: [ProcessingInputShape]?
    let processingOutputConfig: ProcessingOutputConfigShape?
    let processingResources: ProcessingResourcesShape
    let roleArn: String
    let stoppingCondition: ProcessingStoppingConditionShape?
    enum CodingKeys: String, CodingKey {
        case processingJobArn = "ProcessingJobArn", processingJobName = "ProcessingJobName", appSpecification = "AppSpecification"
        case environment = "Environment", processingInputs = "ProcessingInputs", processingOutputConfig = "ProcessingOutputConfig"
        case processingResources = "ProcessingResources", roleArn = "RoleArn", stoppingCondition = "StoppingCondition"
    }

    init(_ job: ProcessingJobRecord) {
        let request = job.request
        processingJobArn = job.arn
        processingJobName = job.name
        appSpecification = request.appSpecification
        environment = request.environment
        processingInputs = request.processingInputs
        processingOutputConfig = request.processingOutputConfig
        processingResources = request.processingResources
        roleArn = request.roleArn
        stoppingCondition = request.stoppingCondition
    }
}
