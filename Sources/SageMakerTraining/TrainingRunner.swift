import Compute
import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Synchronization

/// Runs training jobs on the sandboxed executor under SageMaker's container contract: input channels downloaded
/// to `/opt/ml/input/data/<channel>`, `hyperparameters.json`, `inputdataconfig.json` and `resourceconfig.json` in
/// `/opt/ml/input/config`, the role's credentials and Slipway as the endpoint, `/opt/ml/model` tarred to
/// `<S3OutputPath>/<job>/output/model.tar.gz`, `/opt/ml/output/failure` as the failure reason, the output in
/// `/aws/sagemaker/TrainingJobs` and metrics from its lines. Each job runs under a lease its server renews.
final class TrainingRunner: Sendable {
    let store: TrainingStore
    let root: URL
    let objects: any ObjectPort
    let roles: any RoleAssumptionPort
    let credentials: any RoleCredentialsPort
    let sandbox: Sandbox
    let pythons: PythonRuntimes
    let logs: any LogsPort
    let clock: any WallClock
    let logger: Logger
    /// This server's name on the leases it holds.
    let owner = UUID().uuidString
    /// How long a job's lease lasts without renewal: a job whose server stopped is taken over after it.
    let lease: TimeInterval
    private let endpoint = Mutex<String?>(nil)
    private let running = Mutex<[String: SandboxedProcess]>([:])
    private let stopRequested = Mutex<Set<String>>([])

    init(
        store: TrainingStore, root: URL, objects: any ObjectPort, roles: any RoleAssumptionPort, credentials: any RoleCredentialsPort, sandbox: Sandbox,
        pythons: PythonRuntimes, logs: any LogsPort, clock: any WallClock, logger: Logger, lease: TimeInterval
    ) {
        self.lease = lease
        self.store = store
        self.root = root
        self.objects = objects
        self.roles = roles
        self.credentials = credentials
        self.sandbox = sandbox
        self.pythons = pythons
        self.logs = logs
        self.clock = clock
        self.logger = logger
    }

    func setEndpoint(_ address: String) { endpoint.withLock { $0 = address } }

    /// Starts running a job this server holds the lease of.
    func start(_ record: TrainingJobRecord) {
        Task { await self.run(record) }
    }

    /// Asks a running job to stop; true when this server runs it.
    func stop(_ arn: String) -> Bool {
        stopRequested.withLock { _ = $0.insert(arn) }
        guard let process = running.withLock({ $0[arn] }) else { return false }
        process.stop()
        return true
    }

    private func run(_ initial: TrainingJobRecord) async {
        var job = initial
        let arn = initial.arn
        let renewal = Task { [store, owner, clock, lease] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(lease / 3))
                try? await store.renew(arn, owner: owner, until: clock.now().addingTimeInterval(lease))
            }
        }
        defer { renewal.cancel() }
        let directory = root.appendingPathComponent(job.account).appendingPathComponent(job.region).appendingPathComponent(job.name)
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try await execute(&job, directory: directory)
        } catch {
            let reason = (error as? any ServiceError)?.message ?? "\(error)"
            job.failureReason = String(reason.prefix(1024))
            job.finish("Failed", secondary: "Failed", message: job.failureReason, at: clock.now())
        }
        try? await store.save(job)
        running.withLock { _ = $0.removeValue(forKey: job.arn) }
        stopRequested.withLock { _ = $0.remove(job.arn) }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private func execute(_ job: inout TrainingJobRecord, directory: URL) async throws {
        let request = job.request
        let ml = directory.appendingPathComponent("ml")
        let manager = FileManager.default
        try? manager.removeItem(at: directory)
        for path in ["input/config", "input/data", "model", "output/data", "code", "checkpoints"] {
            try manager.createDirectory(at: ml.appendingPathComponent(path), withIntermediateDirectories: true)
        }
        guard let endpoint = endpoint.withLock({ $0 }) else { throw Failure(description: "The server is not listening yet.") }
        guard let python = pythons.interpreters().first else {
            throw Failure(description: "ClientError: no Python 3 is installed on this machine, so the training image cannot run; install python3.")
        }
        // The role's session reads the inputs and writes the outputs, as SageMaker does.
        let session = try await roles.assumeRole(request.roleArn, by: "sagemaker.amazonaws.com", for: job.account, sessionName: "SageMaker", conditions: [:])
        guard let account = session.account ?? AccountID(job.account) else { throw Failure(description: "The job's account \(job.account) is not valid.") }
        let context = ServiceContext(
            account: account, region: Region(job.region) ?? .usEast1, principal: session, requestID: "training-\(job.name)", logger: logger, receivedAt: clock.now()
        )

        job.enter("Downloading", message: "Downloading input data", at: clock.now())
        try await store.save(job)
        var channels: [String: [String: String]] = [:]
        for channel in request.inputDataConfig ?? [] {
            guard let source = channel.dataSource.s3DataSource, let location = S3URI(source.s3Uri) else {
                throw Failure(description: "ClientError: channel \(channel.channelName) has no S3 data source Slipway can read.")
            }
            guard source.s3DataType == "S3Prefix" else { throw Failure(description: "ClientError: S3DataType \(source.s3DataType) is not supported; use S3Prefix.") }
            let target = ml.appendingPathComponent("input/data").appendingPathComponent(channel.channelName)
            try manager.createDirectory(at: target, withIntermediateDirectories: true)
            for object in try await objects.list(bucket: location.bucket, prefix: location.key, context: context) where !object.key.hasSuffix("/") {
                // An exact object lands as its basename, a prefix as its relative tree.
                let relative = object.key == location.key ? String(object.key.split(separator: "/").last ?? "") : String(object.key.dropFirst(location.key.count).drop { $0 == "/" })
                guard !relative.isEmpty, !relative.split(separator: "/").contains("..") else { continue }
                let content = try await objects.read(ObjectLocation(bucket: location.bucket, key: object.key), context: context, limit: Self.maxObject)
                let file = target.appendingPathComponent(relative)
                try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(content.bytes).write(to: file)
            }
            channels[channel.channelName] = [
                "ContentType": channel.contentType ?? "", "TrainingInputMode": channel.inputMode ?? request.algorithmSpecification?.trainingInputMode ?? "File",
                "S3DistributionType": source.s3DataDistributionType ?? "FullyReplicated", "RecordWrapperType": "None",
            ]
        }
        let hyperparameters = request.hyperParameters ?? [:]
        try Self.writeJSON(hyperparameters, to: ml.appendingPathComponent("input/config/hyperparameters.json"))
        try Self.writeJSON(channels, to: ml.appendingPathComponent("input/config/inputdataconfig.json"))
        try Self.writeJSON(["current_host": "algo-1", "hosts": ["algo-1"], "network_interface_name": "eth0"] as [String: any Sendable], to: ml.appendingPathComponent("input/config/resourceconfig.json"))

        let command = try await command(for: request, ml: ml, python: python, context: context)
        let credentials = try await credentials.credentials(forRole: request.roleArn, by: "sagemaker.amazonaws.com", for: job.account, sessionName: "SageMaker", durationSeconds: 3600)
        var environment = request.environment ?? [:]
        let interpreterBin = (python.program as NSString).deletingLastPathComponent
        let names = (request.inputDataConfig ?? []).map(\.channelName)
        environment.merge([
            "PATH": "\(interpreterBin):/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1",
            "TRAINING_JOB_NAME": job.name, "TRAINING_JOB_ARN": job.arn, "AWS_REGION": job.region, "AWS_DEFAULT_REGION": job.region,
            "AWS_ENDPOINT_URL": "http://\(endpoint)", "AWS_ACCESS_KEY_ID": credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey,
            "AWS_SESSION_TOKEN": credentials.sessionToken, "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "SM_MODEL_DIR": "/opt/ml/model", "SM_OUTPUT_DATA_DIR": "/opt/ml/output/data", "SM_OUTPUT_DIR": "/opt/ml/output", "SM_INPUT_DIR": "/opt/ml/input",
            "SM_INPUT_CONFIG_DIR": "/opt/ml/input/config", "SM_CURRENT_HOST": "algo-1", "SM_HOSTS": #"["algo-1"]"#, "SM_NUM_GPUS": "0",
            "SM_NUM_CPUS": String(ProcessInfo.processInfo.activeProcessorCount), "SM_CHANNELS": Self.json(names),
            "SM_HPS": Self.json(hyperparameters.filter { !$0.key.hasPrefix("sagemaker_") }),
        ]) { _, fixed in fixed }
        for name in names { environment["SM_CHANNEL_\(name.uppercased())"] = "/opt/ml/input/data/\(name)" }

        job.enter("Training", message: "Training image download completed. Training in progress.", at: clock.now())
        job.started = clock.now()
        try await store.save(job)
        let stream = "\(job.name)/algo-1-\(Int(clock.now().timeIntervalSince1970))"
        let definitions = (request.algorithmSpecification?.metricDefinitions ?? []).compactMap { definition in
            (try? NSRegularExpression(pattern: definition.regex)).map { (definition.name, $0) }
        }
        let metrics = Mutex<[String: (Double, Date)]>([:])
        let spec = SandboxSpec(
            command: command, environment: environment, workingDirectory: "/opt/ml/code",
            mounts: [.writable(host: ml.path, at: "/opt/ml"), .scratch(at: "/tmp", bytes: 1 << 30)] + python.sandboxMounts,
            limits: SandboxLimits(openFiles: 4096, processes: 4096)
        )
        let group = "/aws/sagemaker/TrainingJobs", jobAccount = job.account, region = job.region, clock = self.clock, logs = self.logs
        // MaxRuntimeInSeconds: the job is stopped when it runs out, and the timer goes when the job ends first.
        let arn = job.arn, limit = request.stoppingCondition?.maxRuntimeInSeconds ?? 86_400
        let timer = Task { [weak self] in
            try? await Task.sleep(for: .seconds(limit))
            guard !Task.isCancelled, let self, let process = self.running.withLock({ $0[arn] }) else { return }
            self.stopRequested.withLock { _ = $0.insert("timeout:" + arn) }
            process.stop()
        }
        defer { timer.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            do {
                let process = try sandbox.launch(spec, output: { line in
                    logs.append([line], group: group, stream: stream, account: jobAccount, region: region)
                    for (name, regex) in definitions {
                        let range = NSRange(line.startIndex..., in: line)
                        guard let match = regex.firstMatch(in: line, range: range) else { continue }
                        let captured = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
                        if let swiftRange = Range(captured, in: line), let value = Double(line[swiftRange]) {
                            metrics.withLock { $0[name] = (value, clock.now()) }
                        }
                    }
                }, exited: { continuation.resume(returning: $0) })
                running.withLock { $0[job.arn] = process }
                if stopRequested.withLock({ $0.contains(job.arn) }) { process.stop() }
            } catch {
                continuation.resume(throwing: error)
            }
        }
        running.withLock { _ = $0.removeValue(forKey: job.arn) }
        job.metrics = metrics.withLock { found in found.map { MetricDataShape(metricName: $0.key, value: $0.value.0, timestamp: $0.value.1) }.sorted { $0.metricName < $1.metricName } }
        let timedOut = stopRequested.withLock { $0.remove("timeout:" + job.arn) != nil }
        let stopped = stopRequested.withLock { $0.contains(job.arn) }
        if status != 0 && !stopped && !timedOut {
            let written = (try? String(contentsOf: ml.appendingPathComponent("output/failure"), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            throw Failure(description: String((written.isEmpty ? "AlgorithmError: the training script exited with status \(status)" : written).prefix(1024)))
        }
        job.enter("Uploading", message: "Uploading generated training model", at: clock.now())
        try await store.save(job)
        let output = try Self.outputLocation(request.outputDataConfig.s3OutputPath, job: job.name)
        let model = try Self.tarball(of: ml.appendingPathComponent("model"), in: directory)
        _ = try await objects.write(model, to: ObjectLocation(bucket: output.bucket, key: output.key + "model.tar.gz"), contentType: "application/x-tar", tags: [:], context: context)
        job.modelArtifacts = "s3://\(output.bucket)/\(output.key)model.tar.gz"
        if let data = try? manager.contentsOfDirectory(atPath: ml.appendingPathComponent("output/data").path), !data.isEmpty {
            let tarball = try Self.tarball(of: ml.appendingPathComponent("output/data"), in: directory)
            _ = try await objects.write(tarball, to: ObjectLocation(bucket: output.bucket, key: output.key + "output.tar.gz"), contentType: "application/x-tar", tags: [:], context: context)
        }
        if timedOut {
            job.finish("Stopped", secondary: "MaxRuntimeExceeded", message: "Training job runtime exceeded MaxRuntimeInSeconds provided", at: clock.now())
        } else if stopped {
            job.finish("Stopped", secondary: "Stopped", message: "Training job stopped", at: clock.now())
        } else {
            job.finish("Completed", secondary: "Completed", message: "Training job completed", at: clock.now())
        }
    }

    static let maxObject = 512 << 20

    /// The command the job's image runs: its ContainerEntrypoint and ContainerArguments as given; else, as the
    /// SageMaker training toolkit does, `sagemaker_program` from the `sagemaker_submit_directory` tarball with the
    /// other hyperparameters as `--name value` arguments.
    private func command(for request: CreateTrainingJobInput, ml: URL, python: PythonRuntimes.Interpreter, context: ServiceContext) async throws -> [String] {
        let specification = request.algorithmSpecification
        if let entrypoint = specification?.containerEntrypoint, !entrypoint.isEmpty {
            return entrypoint.map { $0 == "python" || $0 == "python3" ? python.program : $0 } + (specification?.containerArguments ?? [])
        }
        let hyperparameters = request.hyperParameters ?? [:]
        guard let program = hyperparameters["sagemaker_program"].map(Self.unquoted), let submitted = hyperparameters["sagemaker_submit_directory"].map(Self.unquoted) else {
            throw Failure(description: "ClientError: Slipway runs an image through its ContainerEntrypoint, or a script named by the sagemaker_program and sagemaker_submit_directory hyperparameters; \(specification?.trainingImage ?? "the image") has neither.")
        }
        guard let location = S3URI(submitted) else { throw Failure(description: "ClientError: sagemaker_submit_directory \(submitted) is not an s3:// location.") }
        let archive = try await objects.read(ObjectLocation(bucket: location.bucket, key: location.key), context: context, limit: Self.maxObject)
        let file = ml.deletingLastPathComponent().appendingPathComponent("sourcedir.tar.gz")
        try Data(archive.bytes).write(to: file)
        try Self.untar(file, into: ml.appendingPathComponent("code"))
        var arguments: [String] = []
        for (name, value) in hyperparameters.sorted(by: { $0.key < $1.key }) where !name.hasPrefix("sagemaker_") {
            arguments += ["--\(name)", Self.unquoted(value)]
        }
        return [python.program, "/opt/ml/code/\(program)"] + arguments
    }

    /// The SDK writes hyperparameters JSON-encoded; the toolkit decodes them.
    static func unquoted(_ value: String) -> String {
        guard value.hasPrefix("\""), let decoded = try? JSONDecoder().decode(String.self, from: Data(value.utf8)) else { return value }
        return decoded
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func writeJSON(_ value: [String: any Sendable], to url: URL) throws {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]).write(to: url)
    }

    static func outputLocation(_ path: String, job: String) throws -> S3URI {
        guard var location = S3URI(path) else { throw Failure(description: "ClientError: S3OutputPath \(path) is not an s3:// location.") }
        if !location.key.isEmpty, !location.key.hasSuffix("/") { location.key += "/" }
        location.key += "\(job)/output/"
        return location
    }

    /// A gzipped tar of a directory's contents, links kept as links (never followed).
    static func tarball(of directory: URL, in scratch: URL) throws -> [UInt8] {
        let file = scratch.appendingPathComponent(UUID().uuidString + ".tar.gz")
        defer { try? FileManager.default.removeItem(at: file) }
        try runTar(["-czf", file.path, "-C", directory.path, "."])
        return Array(try Data(contentsOf: file))
    }

    static func untar(_ archive: URL, into directory: URL) throws {
        try runTar(["-xzf", archive.path, "-C", directory.path, "--no-same-owner", "--no-same-permissions"])
    }

    private static func runTar(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/tar")
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Failure(description: "ClientError: tar \(arguments.first ?? "") failed with status \(process.terminationStatus)") }
    }
}

/// An `s3://bucket/key` location.
struct S3URI: Sendable {
    var bucket: String
    var key: String

    init?(_ text: String) {
        guard text.hasPrefix("s3://") else { return nil }
        let rest = text.dropFirst(5)
        let bucket = String(rest.prefix { $0 != "/" })
        guard !bucket.isEmpty else { return nil }
        self.bucket = bucket
        self.key = String(rest.dropFirst(bucket.count).drop { $0 == "/" })
    }
}
