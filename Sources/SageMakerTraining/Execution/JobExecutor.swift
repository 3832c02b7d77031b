import Compute
import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Synchronization

/// What every kind of SageMaker job shares on the sandboxed executor: the role's session and credentials, S3 inputs
/// downloaded and outputs uploaded, the container run with its log stream, metrics, time limit and stop, and the
/// lease renewed while a job runs.
final class JobExecutor: Sendable {
    let objects: any ObjectPort
    let roles: any RoleAssumptionPort
    let credentials: any RoleCredentialsPort
    let sandbox: Sandbox
    /// Where jobs' sandboxes run: this machine, or a Ray cluster.
    let launcher: any JobLauncher
    let profiles: ImageProfiles
    let environments: PythonEnvironments
    let logs: any LogsPort
    /// SageMaker's own operations (its tags), once the server has composed them.
    let calls: (any ServiceCallPort)?
    let clock: any WallClock
    let logger: Logger
    /// This server's name on the leases it holds.
    let owner = UUID().uuidString
    /// How long a job's lease lasts without renewal: a job whose server stopped is taken over after it.
    let lease: TimeInterval
    private let endpoint = Mutex<String?>(nil)
    private let running = Mutex<[String: any RunningWork]>([:])
    private let stopRequested = Mutex<Set<String>>([])
    private let timedOut = Mutex<Set<String>>([])

    static let maxObject = 512 << 20

    init(
        objects: any ObjectPort, roles: any RoleAssumptionPort, credentials: any RoleCredentialsPort, sandbox: Sandbox, launcher: (any JobLauncher)?,
        profiles: ImageProfiles, environments: PythonEnvironments, logs: any LogsPort, calls: (any ServiceCallPort)?, clock: any WallClock, logger: Logger,
        lease: TimeInterval
    ) {
        self.calls = calls
        self.launcher = launcher ?? sandbox
        self.objects = objects
        self.roles = roles
        self.credentials = credentials
        self.sandbox = sandbox
        self.profiles = profiles
        self.environments = environments
        self.logs = logs
        self.clock = clock
        self.logger = logger
        self.lease = lease
    }

    func setEndpoint(_ address: String) { endpoint.withLock { $0 = address } }

    /// How a job's container ended.
    struct Outcome: Sendable {
        var status: Int32
        var stopped: Bool
        var timedOut: Bool
        var metrics: [MetricDataShape]
    }

    /// A job's failure, its reason as SageMaker words it.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Tags a new job as its creator asked, with SageMaker's other tags (the creator was allowed `sagemaker:AddTags`).
    func tag(_ arn: String, _ tags: [TagShape], context: ServiceContext) async throws {
        try await calls?.addSageMakerTags(arn, tags.map { ($0.key, $0.value) }, context: context)
    }

    /// Asks a running job to stop; true when this server runs it.
    func stop(_ arn: String) -> Bool {
        stopRequested.withLock { _ = $0.insert(arn) }
        guard let process = running.withLock({ $0[arn] }) else { return false }
        process.stop()
        return true
    }

    /// Runs `body` while renewing the job's lease every third of its length.
    func leased<T: Sendable>(_ arn: String, renew: @escaping @Sendable (Date) async -> Void, _ body: () async -> T) async -> T {
        let renewal = Task { [clock, lease] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(lease / 3))
                await renew(clock.now().addingTimeInterval(lease))
            }
        }
        defer {
            renewal.cancel()
            running.withLock { _ = $0.removeValue(forKey: arn) }
            stopRequested.withLock { _ = $0.remove(arn) }
            timedOut.withLock { _ = $0.remove(arn) }
        }
        return await body()
    }

    /// The context the job's role acts in (assumed as `sagemaker.amazonaws.com`, as SageMaker does).
    func session(role: String, account: String, region: String, label: String) async throws -> ServiceContext {
        let session = try await roles.assumeRole(role, by: "sagemaker.amazonaws.com", for: account, sessionName: "SageMaker", conditions: [:])
        guard let owner = session.account ?? AccountID(account) else { throw Failure(description: "The job's account \(account) is not valid.") }
        return ServiceContext(account: owner, region: Region(region) ?? .usEast1, principal: session, requestID: label, logger: logger, receivedAt: clock.now())
    }

    /// Where a job's image runs: its profile's environment (built the first time, its output in the job's log) and
    /// the job's private view of it, made in `directory`.
    struct Image: Sendable {
        let view: PythonEnvironments.JobView
        let venv: URL
        /// The mounts the job's sandbox needs for its interpreter, its view and its pip cache at `/opt/ml/cache`.
        let mounts: [SandboxMount]
    }

    func image(_ image: String, account: String, directory: URL, log: @escaping @Sendable (String) -> Void) async throws -> Image {
        guard let profile = profiles.profile(for: image) else { throw Failure(description: "ClientError: " + ImageProfiles.unprofiled(image)) }
        let environment: PythonEnvironments.Environment
        do {
            environment = try await environments.environment(for: profile, log: log)
        } catch let failure as PythonEnvironments.Failure {
            throw Failure(description: failure.description)
        }
        let venv = directory.appendingPathComponent("venv")
        let view = try environments.jobView(of: environment, in: venv, at: Self.viewPath)
        // Jobs of one account share a pip cache where SageMaker's bootstrap looks for it.
        let cache = environments.root.appendingPathComponent("job-caches").appendingPathComponent(account)
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        return Image(
            view: view, venv: venv,
            mounts: view.mounts + [.writable(host: venv.path, at: Self.viewPath), .writable(host: cache.path, at: "/opt/ml/cache")]
        )
    }

    /// A job's process limits: CPU time no process can use in the job's runtime on every core (the wall clock is the
    /// runtime limit itself), generous open files and processes; memory is the machine's, as an instance's is.
    static func limits(runtime: Int) -> SandboxLimits {
        SandboxLimits(cpuSeconds: runtime * ProcessInfo.processInfo.activeProcessorCount + 60, openFiles: 4096, processes: 4096)
    }

    /// Where a job's view of its environment is inside its sandbox.
    static let viewPath = "/opt/slipway/venv"

    /// The environment every job's container gets: its interpreter first on `PATH`, Slipway as the endpoint, the
    /// role's credentials, and root as the user name (containers run as root; the toolkits ask).
    func baseEnvironment(role: String, account: String, region: String, image: Image) async throws -> [String: String] {
        guard let endpoint = endpoint.withLock({ $0 }) else { throw Failure(description: "The server is not listening yet.") }
        let credentials = try await credentials.credentials(forRole: role, by: "sagemaker.amazonaws.com", for: account, sessionName: "SageMaker", durationSeconds: 3600)
        return [
            "PATH": "\(image.view.bin):/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1",
            "USER": "root", "LOGNAME": "root",
            "AWS_REGION": region, "AWS_DEFAULT_REGION": region, "AWS_ENDPOINT_URL": "http://\(endpoint)",
            "SAGEMAKER_MLFLOW_CUSTOM_ENDPOINT": "http://\(endpoint)", "AWS_ACCESS_KEY_ID": credentials.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": credentials.secretAccessKey, "AWS_SESSION_TOKEN": credentials.sessionToken, "AWS_CONFIG_FILE": "/dev/null",
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
        ]
    }

    /// A command's program as the image would find it: `python`/`python3` are the job's interpreter.
    static func program(_ argument: String, image: Image) -> String {
        argument == "python" || argument == "python3" ? image.view.python : argument
    }

    /// Downloads `uri` into `target`: an exact object as its basename, a prefix as its relative tree.
    func download(_ uri: String, into target: URL, context: ServiceContext) async throws {
        guard let location = S3URI(uri) else { throw Failure(description: "ClientError: \(uri) is not an s3:// location Slipway can read.") }
        let manager = FileManager.default
        try manager.createDirectory(at: target, withIntermediateDirectories: true)
        for object in try await objects.list(bucket: location.bucket, prefix: location.key, context: context) where !object.key.hasSuffix("/") {
            let relative = object.key == location.key
                ? String(object.key.split(separator: "/").last ?? "") : String(object.key.dropFirst(location.key.count).drop { $0 == "/" })
            guard !relative.isEmpty, !relative.split(separator: "/").contains("..") else { continue }
            let content = try await objects.read(ObjectLocation(bucket: location.bucket, key: object.key), context: context, limit: Self.maxObject)
            let file = target.appendingPathComponent(relative)
            try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(content.bytes).write(to: file)
        }
    }

    /// Uploads every regular file under `directory` to `uri`, keeping its relative path; links are not followed.
    func upload(_ directory: URL, to uri: String, context: ServiceContext) async throws {
        guard var location = S3URI(uri) else { throw Failure(description: "ClientError: \(uri) is not an s3:// location Slipway can write.") }
        if !location.key.isEmpty, !location.key.hasSuffix("/") { location.key += "/" }
        let base = directory.resolvingSymlinksInPath().path
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey]) else { return }
        while let file = walker.nextObject() as? URL {
            let values = try? file.resourceValues(forKeys: [.isRegularFileKey, .isSymbolicLinkKey])
            guard values?.isRegularFile == true, values?.isSymbolicLink != true else { continue }
            let path = file.resolvingSymlinksInPath().path
            guard path.hasPrefix(base + "/") else { continue }
            let relative = String(path.dropFirst(base.count + 1))
            _ = try await objects.write(
                Array(try Data(contentsOf: file)), to: ObjectLocation(bucket: location.bucket, key: location.key + relative),
                contentType: "application/octet-stream", tags: [:], context: context
            )
        }
    }

    /// Runs a job's container to its end: its output to `group`/`stream`, metrics picked out by `metricDefinitions`,
    /// stopped when `limit` seconds run out or when asked.
    func run(
        _ spec: SandboxSpec, arn: String, group: String, stream: String, account: String, region: String, metricDefinitions: [MetricDefinitionShape], limit: Int
    ) async throws -> Outcome {
        let definitions = metricDefinitions.compactMap { definition in (try? NSRegularExpression(pattern: definition.regex)).map { (definition.name, $0) } }
        let metrics = Mutex<[String: (Double, Date)]>([:])
        let clock = self.clock, logs = self.logs
        let timer = Task { [weak self] in
            try? await Task.sleep(for: .seconds(limit))
            guard !Task.isCancelled, let self, let process = self.running.withLock({ $0[arn] }) else { return }
            self.timedOut.withLock { _ = $0.insert(arn) }
            process.stop()
        }
        defer { timer.cancel() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            do {
                let process = try launcher.launch(spec, label: String(arn.split(separator: "/").last ?? ""), output: { line in
                    logs.append([line], group: group, stream: stream, account: account, region: region)
                    for (name, regex) in definitions {
                        guard let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { continue }
                        let captured = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
                        if let range = Range(captured, in: line), let value = Double(line[range]) { metrics.withLock { $0[name] = (value, clock.now()) } }
                    }
                }, exited: { continuation.resume(returning: $0) })
                running.withLock { $0[arn] = process }
                if stopRequested.withLock({ $0.contains(arn) }) { process.stop() }
            } catch {
                continuation.resume(throwing: error)
            }
        }
        running.withLock { _ = $0.removeValue(forKey: arn) }
        return Outcome(
            status: status, stopped: stopRequested.withLock { $0.contains(arn) }, timedOut: timedOut.withLock { $0.contains(arn) },
            metrics: metrics.withLock { found in
                found.map { MetricDataShape(metricName: $0.key, value: $0.value.0, timestamp: $0.value.1) }.sorted { $0.metricName < $1.metricName }
            }
        )
    }

    /// What the container left in `/opt/ml/output/<name>` (`failure`, `message`), trimmed to SageMaker's 1 KB.
    static func written(_ name: String, in ml: URL) -> String? {
        let text = (try? String(contentsOf: ml.appendingPathComponent("output/\(name)"), encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? nil : String(text.prefix(1024))
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func writeJSON(_ value: some Encodable, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.dateEncodingStrategy = .secondsSince1970
        try encoder.encode(value).write(to: url)
    }

    static func writeJSON(_ value: [String: any Sendable], to url: URL) throws {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]).write(to: url)
    }

    /// A gzipped tar of a directory's contents, links kept as links (never followed).
    static func tarball(of directory: URL, in scratch: URL) async throws -> [UInt8] {
        do { return try await Tarballs.make(of: directory, in: scratch) } catch let failure as Tarballs.Failure { throw Failure(description: "ClientError: \(failure)") }
    }

    static func untar(_ archive: URL, into directory: URL) async throws {
        do { try await Tarballs.extract(archive, into: directory) } catch let failure as Tarballs.Failure { throw Failure(description: "ClientError: \(failure)") }
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
