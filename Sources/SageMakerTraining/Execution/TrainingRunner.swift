import Compute
import Foundation
import Logging
import ServiceKit
import SlipwayCore

/// Runs training jobs on the sandboxed executor under SageMaker's container contract: input channels downloaded
/// to `/opt/ml/input/data/<channel>`, `hyperparameters.json`, `inputdataconfig.json` and `resourceconfig.json` in
/// `/opt/ml/input/config`, the role's credentials and Slipway as the endpoint, `/opt/ml/model` tarred to
/// `<S3OutputPath>/<job>/output/model.tar.gz`, `/opt/ml/output/failure` as the failure reason, the output in
/// `/aws/sagemaker/TrainingJobs` and metrics from its lines. Each job runs under a lease its server renews.
final class TrainingRunner: Sendable {
    let store: JobStore<TrainingJobRecord>
    let root: URL
    let executor: JobExecutor
    var clock: any WallClock { executor.clock }

    init(store: JobStore<TrainingJobRecord>, root: URL, executor: JobExecutor) {
        self.store = store
        self.root = root
        self.executor = executor
    }

    /// Starts running a job this server holds the lease of.
    func start(_ record: TrainingJobRecord) {
        Task { await self.run(record) }
    }

    private func run(_ initial: TrainingJobRecord) async {
        var job = initial
        let directory = root.appendingPathComponent(job.account).appendingPathComponent(job.region).appendingPathComponent(job.name)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (store, owner, arn) = (store, executor.owner, job.arn)
        job = await executor.leased(arn, renew: { until in try? await store.renew(arn, owner: owner, until: until) }) {
            var job = job
            do {
                try await execute(&job, directory: directory)
            } catch {
                let reason = (error as? any ServiceError)?.message ?? "\(error)"
                job.failureReason = String(reason.prefix(1024))
                job.finish("Failed", secondary: "Failed", message: job.failureReason, at: clock.now())
            }
            return job
        }
        try? await store.save(job)
    }

    typealias Failure = JobExecutor.Failure

    private func execute(_ job: inout TrainingJobRecord, directory: URL) async throws {
        let request = job.request
        let ml = directory.appendingPathComponent("ml")
        let manager = FileManager.default
        try? manager.removeItem(at: directory)
        for path in ["input/config", "input/data", "model", "output/data", "code", "checkpoints", "cache"] {
            try manager.createDirectory(at: ml.appendingPathComponent(path), withIntermediateDirectories: true)
        }
        // The role's session reads the inputs and writes the outputs, as SageMaker does.
        let context = try await executor.session(role: request.roleArn, account: job.account, region: job.region, label: "training-\(job.name)")

        job.enter("Downloading", message: "Downloading input data", at: clock.now())
        try await store.save(job)
        var channels: [String: [String: String]] = [:]
        for channel in request.inputDataConfig ?? [] {
            guard let source = channel.dataSource.s3DataSource else {
                throw Failure(description: "ClientError: channel \(channel.channelName) has no S3 data source Slipway can read.")
            }
            guard source.s3DataType == "S3Prefix" else { throw Failure(description: "ClientError: S3DataType \(source.s3DataType) is not supported; use S3Prefix.") }
            try await executor.download(source.s3Uri, into: ml.appendingPathComponent("input/data").appendingPathComponent(channel.channelName), context: context)
            channels[channel.channelName] = [
                "ContentType": channel.contentType ?? "", "TrainingInputMode": channel.inputMode ?? request.algorithmSpecification?.trainingInputMode ?? "File",
                "S3DistributionType": source.s3DataDistributionType ?? "FullyReplicated", "RecordWrapperType": "None",
            ]
        }
        let hyperparameters = request.hyperParameters ?? [:]
        try JobExecutor.writeJSON(hyperparameters, to: ml.appendingPathComponent("input/config/hyperparameters.json"))
        try JobExecutor.writeJSON(channels, to: ml.appendingPathComponent("input/config/inputdataconfig.json"))
        try JobExecutor.writeJSON(Self.resourceConfig(request), to: ml.appendingPathComponent("input/config/resourceconfig.json"))
        let group = "/aws/sagemaker/TrainingJobs", stream = "\(job.name)/algo-1-\(Int(clock.now().timeIntervalSince1970))"
        let (logs, account, region) = (executor.logs, job.account, job.region)
        let image = try await executor.image(
            request.algorithmSpecification?.trainingImage ?? "", account: job.account, directory: directory,
            log: { logs.append([$0], group: group, stream: stream, account: account, region: region) }
        )

        let command = try await command(for: request, ml: ml, image: image, context: context)
        var environment = request.environment ?? [:]
        let names = (request.inputDataConfig ?? []).map(\.channelName)
        environment.merge(try await executor.baseEnvironment(role: request.roleArn, account: job.account, region: job.region, image: image)) { _, fixed in fixed }
        environment.merge([
            "TRAINING_JOB_NAME": job.name, "TRAINING_JOB_ARN": job.arn,
            "SM_MODEL_DIR": "/opt/ml/model", "SM_OUTPUT_DATA_DIR": "/opt/ml/output/data", "SM_OUTPUT_DIR": "/opt/ml/output", "SM_INPUT_DIR": "/opt/ml/input",
            "SM_INPUT_CONFIG_DIR": "/opt/ml/input/config", "SM_CURRENT_HOST": "algo-1", "SM_HOSTS": #"["algo-1"]"#, "SM_NUM_GPUS": "0",
            "SM_NUM_CPUS": String(ProcessInfo.processInfo.activeProcessorCount), "SM_CHANNELS": JobExecutor.json(names),
            "SM_HPS": JobExecutor.json(hyperparameters.filter { !$0.key.hasPrefix("sagemaker_") }),
        ]) { _, fixed in fixed }
        for name in names { environment["SM_CHANNEL_\(name.uppercased())"] = "/opt/ml/input/data/\(name)" }

        job.enter("Training", message: "Training image download completed. Training in progress.", at: clock.now())
        job.started = clock.now()
        try await store.save(job)
        let spec = SandboxSpec(
            command: command, environment: environment, workingDirectory: "/opt/ml/code",
            mounts: [.writable(host: ml.path, at: "/opt/ml"), .scratch(at: "/tmp", bytes: 1 << 30)] + image.mounts,
            limits: JobExecutor.limits(runtime: request.stoppingCondition?.maxRuntimeInSeconds ?? 86_400)
        )
        let outcome = try await executor.run(
            spec, arn: job.arn, group: group, stream: stream, account: job.account, region: job.region, metricDefinitions: request.algorithmSpecification?.metricDefinitions ?? [],
            limit: request.stoppingCondition?.maxRuntimeInSeconds ?? 86_400
        )
        job.metrics = outcome.metrics
        if outcome.status != 0 && !outcome.stopped && !outcome.timedOut {
            throw Failure(description: JobExecutor.written("failure", in: ml) ?? "AlgorithmError: the training script exited with status \(outcome.status)")
        }
        job.enter("Uploading", message: "Uploading generated training model", at: clock.now())
        try await store.save(job)
        let output = try Self.outputLocation(request.outputDataConfig.s3OutputPath, job: job.name)
        let model = try await JobExecutor.tarball(of: ml.appendingPathComponent("model"), in: directory)
        _ = try await executor.objects.write(model, to: ObjectLocation(bucket: output.bucket, key: output.key + "model.tar.gz"), contentType: "application/x-tar", tags: [:], context: context)
        job.modelArtifacts = "s3://\(output.bucket)/\(output.key)model.tar.gz"
        if let data = try? manager.contentsOfDirectory(atPath: ml.appendingPathComponent("output/data").path), !data.isEmpty {
            let tarball = try await JobExecutor.tarball(of: ml.appendingPathComponent("output/data"), in: directory)
            _ = try await executor.objects.write(tarball, to: ObjectLocation(bucket: output.bucket, key: output.key + "output.tar.gz"), contentType: "application/x-tar", tags: [:], context: context)
        }
        if outcome.timedOut {
            job.finish("Stopped", secondary: "MaxRuntimeExceeded", message: "Training job runtime exceeded MaxRuntimeInSeconds provided", at: clock.now())
        } else if outcome.stopped {
            job.finish("Stopped", secondary: "Stopped", message: "Training job stopped", at: clock.now())
        } else {
            job.finish("Completed", secondary: "Completed", message: "Training job completed", at: clock.now())
        }
    }

    /// `resourceconfig.json`: one host, as SageMaker describes it.
    static func resourceConfig(_ request: CreateTrainingJobInput) -> [String: any Sendable] {
        let type = request.resourceConfig?.instanceType ?? "ml.m5.large"
        return [
            "current_host": "algo-1", "hosts": ["algo-1"], "network_interface_name": "eth0", "current_instance_type": type,
            "current_group_name": "homogeneousCluster",
            "instance_groups": [["instance_group_name": "homogeneousCluster", "instance_type": type, "hosts": ["algo-1"]]] as [[String: any Sendable]],
        ]
    }

    /// The command the job's image runs: its ContainerEntrypoint and ContainerArguments as given; else, as the
    /// SageMaker training toolkit does, `sagemaker_program` from the `sagemaker_submit_directory` tarball with the
    /// other hyperparameters as `--name value` arguments.
    private func command(for request: CreateTrainingJobInput, ml: URL, image: JobExecutor.Image, context: ServiceContext) async throws -> [String] {
        let specification = request.algorithmSpecification
        if let entrypoint = specification?.containerEntrypoint, let first = entrypoint.first {
            return [JobExecutor.program(first, image: image)] + entrypoint.dropFirst() + (specification?.containerArguments ?? [])
        }
        let hyperparameters = request.hyperParameters ?? [:]
        guard let program = hyperparameters["sagemaker_program"].map(Self.unquoted), let submitted = hyperparameters["sagemaker_submit_directory"].map(Self.unquoted) else {
            throw Failure(description: "ClientError: Slipway runs an image through its ContainerEntrypoint, or a script named by the sagemaker_program and sagemaker_submit_directory hyperparameters; \(specification?.trainingImage ?? "the image") has neither.")
        }
        guard let location = S3URI(submitted) else { throw Failure(description: "ClientError: sagemaker_submit_directory \(submitted) is not an s3:// location.") }
        let archive = try await executor.objects.read(ObjectLocation(bucket: location.bucket, key: location.key), context: context, limit: JobExecutor.maxObject)
        let file = ml.deletingLastPathComponent().appendingPathComponent("sourcedir.tar.gz")
        try Data(archive.bytes).write(to: file)
        try await JobExecutor.untar(file, into: ml.appendingPathComponent("code"))
        var arguments: [String] = []
        for (name, value) in hyperparameters.sorted(by: { $0.key < $1.key }) where !name.hasPrefix("sagemaker_") {
            arguments += ["--\(name)", Self.unquoted(value)]
        }
        return [image.view.python, "/opt/ml/code/\(program)"] + arguments
    }

    /// The SDK writes hyperparameters JSON-encoded; the toolkit decodes them.
    static func unquoted(_ value: String) -> String {
        guard value.hasPrefix("\""), let decoded = try? JSONDecoder().decode(String.self, from: Data(value.utf8)) else { return value }
        return decoded
    }

    static func outputLocation(_ path: String, job: String) throws -> S3URI {
        guard var location = S3URI(path) else { throw Failure(description: "ClientError: S3OutputPath \(path) is not an s3:// location.") }
        if !location.key.isEmpty, !location.key.hasSuffix("/") { location.key += "/" }
        location.key += "\(job)/output/"
        return location
    }
}
