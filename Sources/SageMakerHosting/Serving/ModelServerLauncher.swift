import Compute
import Crypto
import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Starts model servers under SageMaker's container contract: a deployment's model data downloaded as the model's
/// role and extracted to `/opt/ml/model` once (a later overwrite in S3 changes nothing that serves), the image's
/// profile environment, the container's `Environment`, `SAGEMAKER_BIND_TO_PORT`, the output in CloudWatch Logs
/// `/aws/sagemaker/Endpoints/<endpoint>`, and each instance ready only once `GET /ping` answers 200.
final class ModelServerLauncher: Sendable {
    let root: URL
    let sandbox: Sandbox
    let serving: ServingProfiles
    let environments: PythonEnvironments
    let objects: any ObjectPort
    let roles: any RoleAssumptionPort
    let credentials: any RoleCredentialsPort
    let logs: any LogsPort
    let clock: any WallClock
    let logger: Logger
    private let endpoint = Mutex<String?>(nil)
    private let script = Mutex<URL?>(nil)
    private let preparing = Mutex<[String: Task<PreparedVariant, any Error>]>([:])
    /// When each variant's credentials file was last written.
    private let written = Mutex<[String: Date]>([:])

    static let maxModelBytes = 2 << 30
    /// Where the variant's view of its environment and Slipway's model server are inside the sandbox.
    static let viewPath = "/opt/slipway/venv"
    static let scriptPath = "/opt/slipway/model_server.py"

    init(
        root: URL, sandbox: Sandbox, serving: ServingProfiles, environments: PythonEnvironments, objects: any ObjectPort, roles: any RoleAssumptionPort,
        credentials: any RoleCredentialsPort, logs: any LogsPort, clock: any WallClock, logger: Logger
    ) {
        self.root = root
        self.sandbox = sandbox
        self.serving = serving
        self.environments = environments
        self.objects = objects
        self.roles = roles
        self.credentials = credentials
        self.logs = logs
        self.clock = clock
        self.logger = logger
    }

    func setEndpoint(_ address: String) { endpoint.withLock { $0 = address } }

    /// A variant ready to start instances of: its directory, the command and environment its instances share.
    struct PreparedVariant: Sendable {
        let directory: URL
        let command: [String]
        let environment: [String: String]
        let mounts: [SandboxMount]
    }

    // MARK: Directories

    func directory(of endpoint: any ServingOwner) -> URL {
        let key = SHA256.hash(data: Data(endpoint.arn.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
        return root.appendingPathComponent(key)
    }

    func directory(of deployment: Deployment, endpoint: any ServingOwner) -> URL {
        directory(of: endpoint).appendingPathComponent(deployment.id)
    }

    func remove(endpoint: any ServingOwner) {
        try? FileManager.default.removeItem(at: directory(of: endpoint))
    }

    func remove(deployment: Deployment, of endpoint: any ServingOwner) {
        try? FileManager.default.removeItem(at: directory(of: deployment, endpoint: endpoint))
    }

    // MARK: Preparing

    /// Downloads and extracts the variant's model data (once per deployment), builds its environment and its view.
    func prepare(_ variant: DeployedVariant, of deployment: Deployment, endpoint record: any ServingOwner) async throws -> PreparedVariant {
        let directory = directory(of: deployment, endpoint: record).appendingPathComponent(variant.name)
        let task = preparing.withLock { running -> Task<PreparedVariant, any Error> in
            if let existing = running[directory.path] { return existing }
            let task = Task { [self] in
                defer { _ = preparing.withLock { $0.removeValue(forKey: directory.path) } }
                return try await makePrepared(variant, in: directory, endpoint: record)
            }
            running[directory.path] = task
            return task
        }
        return try await task.value
    }

    private func makePrepared(_ variant: DeployedVariant, in directory: URL, endpoint record: any ServingOwner) async throws -> PreparedVariant {
        let manager = FileManager.default
        guard let plan = serving.plan(for: variant.container) else { throw ServingFailure(ServingProfiles.unprofiled(variant.container.image)) }
        let model = directory.appendingPathComponent("model"), code = directory.appendingPathComponent("code")
        let marker = directory.appendingPathComponent(".downloaded")
        var environment = variant.container.environment
        if !manager.fileExists(atPath: marker.path) {
            try? manager.removeItem(at: directory)
            try manager.createDirectory(at: model, withIntermediateDirectories: true)
            let context = try await session(variant.roleArn, record)
            try await download(variant.container, into: model, context: context)
            if let submitted = environment["SAGEMAKER_SUBMIT_DIRECTORY"], submitted.hasPrefix("s3://"), let location = ObjectLocation.parse(url: submitted) {
                try manager.createDirectory(at: code, withIntermediateDirectories: true)
                let archive = try await read(location, context: context, what: submitted)
                try await extract(archive, into: code, scratch: directory)
            }
            try Data().write(to: marker)
        }
        if manager.fileExists(atPath: code.path) { environment["SAGEMAKER_SUBMIT_DIRECTORY"] = "/opt/ml/code" }
        let built: PythonEnvironments.Environment
        do {
            built = try await environments.environment(for: plan.profile) { [self] line in log(record, variant: variant.name, line) }
        } catch {
            throw ServingFailure("The environment of image \(variant.container.image) could not be built: \(error)")
        }
        let view = try environments.jobView(of: built, in: directory.appendingPathComponent("venv"), at: Self.viewPath)
        var mounts = view.mounts + [
            .readOnly(host: directory.appendingPathComponent("venv").path, at: Self.viewPath), .readOnly(host: model.path, at: "/opt/ml/model"),
            .scratch(at: "/tmp", bytes: 1 << 30),
        ]
        if manager.fileExists(atPath: code.path) { mounts.append(.readOnly(host: code.path, at: "/opt/ml/code")) }
        var command: [String]
        if let given = plan.command {
            command = given
            if let first = command.first, first == "python" || first == "python3" { command[0] = view.python }
        } else {
            mounts.append(.readOnly(host: try installedScript().path, at: Self.scriptPath))
            command = [view.python, Self.scriptPath]
            environment["SLIPWAY_SERVING"] = plan.framework
        }
        guard let address = endpoint.withLock({ $0 }) else { throw ServingFailure("The server is not listening yet.") }
        // The role's credentials come through `credential_process` from a file Slipway renews while the server runs.
        let aws = directory.appendingPathComponent("aws")
        try manager.createDirectory(at: aws, withIntermediateDirectories: true)
        try "[default]\ncredential_process = /bin/cat \(Self.awsPath)/credentials.json\n".write(
            to: aws.appendingPathComponent("config"), atomically: true, encoding: .utf8
        )
        try await writeCredentials(role: variant.roleArn, account: record.account, into: aws)
        mounts.append(.readOnly(host: aws.path, at: Self.awsPath))
        environment.merge([
            "PATH": "\(view.bin):/usr/local/bin:/usr/bin:/bin", "HOME": "/tmp", "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1",
            "USER": "root", "LOGNAME": "root", "AWS_REGION": record.region, "AWS_DEFAULT_REGION": record.region, "AWS_ENDPOINT_URL": "http://\(address)",
            "AWS_CONFIG_FILE": Self.awsPath + "/config", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_EC2_METADATA_DISABLED": "true",
        ]) { _, fixed in fixed }
        for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"] { environment.removeValue(forKey: name) }
        return PreparedVariant(directory: directory, command: command, environment: environment, mounts: mounts)
    }

    /// Where a variant's AWS configuration and credentials are inside its sandbox.
    static let awsPath = "/opt/slipway/aws"
    /// Credentials are renewed once they are this old (they last an hour).
    static let credentialsRenewal: TimeInterval = 1800

    /// Writes the role's fresh credentials (`credential_process` output) into `directory`, atomically.
    private func writeCredentials(role: String, account: String, into directory: URL) async throws {
        let session = try await credentials.credentials(forRole: role, by: "sagemaker.amazonaws.com", for: account, sessionName: "SageMaker", durationSeconds: 3600)
        let body: [String: Any] = [
            "Version": 1, "AccessKeyId": session.accessKeyID, "SecretAccessKey": session.secretAccessKey, "SessionToken": session.sessionToken,
            "Expiration": ISO8601DateFormatter().string(from: session.expiration),
        ]
        let file = directory.appendingPathComponent("credentials.json"), temporary = directory.appendingPathComponent(".credentials.json.new")
        try JSONSerialization.data(withJSONObject: body).write(to: temporary)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: temporary.path)
        guard rename(temporary.path, file.path) == 0 else { throw ServingFailure("Cannot write \(file.lastPathComponent) (errno \(errno)).") }
        written.withLock { $0[directory.path] = Date() }
    }

    /// Renews the credentials of a running deployment's variants that are half their life old.
    func renewCredentials(_ deployment: Deployment, endpoint record: any ServingOwner) async {
        for variant in deployment.variants {
            let aws = directory(of: deployment, endpoint: record).appendingPathComponent(variant.name).appendingPathComponent("aws")
            let age = written.withLock { $0[aws.path] }.map { Date().timeIntervalSince($0) } ?? .infinity
            guard age >= Self.credentialsRenewal, FileManager.default.fileExists(atPath: aws.path) else { continue }
            try? await writeCredentials(role: variant.roleArn, account: record.account, into: aws)
        }
    }

    /// The model server script, written once under the root.
    private func installedScript() throws -> URL {
        try script.withLock { installed in
            if let installed { return installed }
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let file = root.appendingPathComponent("model_server.py")
            try ModelServerScript.source.write(to: file, atomically: true, encoding: .utf8)
            installed = file
            return file
        }
    }

    func session(_ role: String, _ record: any ServingOwner) async throws -> ServiceContext {
        let principal: Principal
        do {
            principal = try await roles.assumeRole(role, by: "sagemaker.amazonaws.com", for: record.account, sessionName: "SageMaker", conditions: [:])
        } catch {
            throw ServingFailure("Could not assume role \(role). Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role.")
        }
        guard let account = principal.account ?? AccountID(record.account) else { throw ServingFailure("The account \(record.account) is not valid.") }
        return ServiceContext(account: account, region: Region(record.region) ?? .usEast1, principal: principal, requestID: "serving-\(record.name)", logger: logger, receivedAt: clock.now())
    }

    private func read(_ location: ObjectLocation, context: ServiceContext, what: String) async throws -> [UInt8] {
        do {
            return try await objects.read(location, context: context, limit: Self.maxModelBytes).bytes
        } catch {
            throw ServingFailure("Could not access model data at \(what): \((error as? any ServiceError)?.message ?? "\(error)")")
        }
    }

    /// The model data into `/opt/ml/model`: a `model.tar.gz` extracted, or uncompressed data copied as it is laid out.
    private func download(_ container: ResolvedContainer, into model: URL, context: ServiceContext) async throws {
        if let url = container.modelDataUrl {
            guard let location = ObjectLocation.parse(url: url) else { throw ServingFailure("Could not access model data at \(url).") }
            let archive = try await read(location, context: context, what: url)
            try await extract(archive, into: model, scratch: model.deletingLastPathComponent())
        } else if let source = container.modelDataSource {
            guard let location = ObjectLocation.parse(url: source.s3Uri) ?? (source.s3Uri.hasPrefix("s3://") ? ObjectLocation(bucket: String(source.s3Uri.dropFirst(5).prefix { $0 != "/" }), key: "") : nil) else {
                throw ServingFailure("Could not access model data at \(source.s3Uri).")
            }
            if source.s3DataType == "S3Object" {
                let bytes = try await read(location, context: context, what: source.s3Uri)
                if source.compressionType == "Gzip" {
                    try await extract(bytes, into: model, scratch: model.deletingLastPathComponent())
                } else {
                    try Data(bytes).write(to: model.appendingPathComponent(String(location.key.split(separator: "/").last ?? "model")))
                }
                return
            }
            var prefix = location.key
            if !prefix.isEmpty, !prefix.hasSuffix("/") { prefix += "/" }
            for object in try await objects.list(bucket: location.bucket, prefix: prefix, context: context) where !object.key.hasSuffix("/") {
                let relative = String(object.key.dropFirst(prefix.count))
                guard !relative.isEmpty, !relative.split(separator: "/").contains("..") else { continue }
                let bytes = try await read(ObjectLocation(bucket: location.bucket, key: object.key), context: context, what: "s3://\(location.bucket)/\(object.key)")
                let file = model.appendingPathComponent(relative)
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: file)
            }
        }
    }

    /// Extracts a gzipped tar into `directory` (never as its archived owners).
    private func extract(_ archive: [UInt8], into directory: URL, scratch: URL) async throws {
        do {
            try await Tarballs.extract(archive, into: directory, scratch: scratch)
        } catch let failure as Tarballs.Failure {
            throw ServingFailure("The model data is not a gzipped tar archive: \(failure)")
        }
    }

    // MARK: Data capture

    /// The data capture of a deployment, when its configuration asks for one: files kept under the endpoint's
    /// directory until they are uploaded as the variant's role.
    func capture(for deployment: Deployment, endpoint record: EndpointRecord) -> DataCapture? {
        guard let config = deployment.dataCapture, let destination = ObjectLocation.parse(url: config.destinationS3Uri)
            ?? ObjectLocation.parse(url: config.destinationS3Uri + "/_") else { return nil }
        let roles = Dictionary(deployment.variants.map { ($0.name, $0.roleArn) }, uniquingKeysWith: { first, _ in first })
        return DataCapture(config: config, endpoint: record.name, directory: directory(of: record).appendingPathComponent("capture")) { [self] variant, key, bytes in
            guard let role = roles[variant] ?? roles.values.first else { return }
            let context = try await session(role, record)
            _ = try await objects.write(bytes, to: ObjectLocation(bucket: destination.bucket, key: key), contentType: "application/octet-stream", tags: [:], context: context)
        }
    }

    // MARK: Launching

    /// Starts one instance of a prepared variant and waits until `GET /ping` answers 200; throws SageMaker's reason
    /// when the process ends first or the variant's startup health check timeout runs out.
    func launch(_ prepared: PreparedVariant, variant: DeployedVariant, endpoint record: any ServingOwner) async throws -> ModelServerInstance {
        let port = try ModelServerInstance.freePort()
        let id = ModelServerInstance.newID()
        var environment = prepared.environment
        environment["SAGEMAKER_BIND_TO_PORT"] = String(port)
        let spec = SandboxSpec(
            command: prepared.command, environment: environment, workingDirectory: "/tmp", mounts: prepared.mounts,
            limits: SandboxLimits(openFiles: 4096, processes: 4096)
        )
        let (group, stream) = (record.logGroup, record.logStream(variant: variant.name, instance: id))
        let (logs, account, region) = (self.logs, record.account, record.region)
        let tail = OutputTail()
        let (statuses, ended) = AsyncStream<Int32>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let process = try sandbox.launch(spec, output: { line in
            logs.append([line], group: group, stream: stream, account: account, region: region)
            tail.append(line)
        }, exited: { status in
            ended.yield(status)
            ended.finish()
        })
        let exited = Task<Int32, Never> {
            for await status in statuses { return status }
            return -1
        }
        let instance = ModelServerInstance(id: id, port: port, process: process, exited: exited, tail: tail)
        let finished = Mutex(false)
        let watcher = Task {
            _ = await exited.value
            finished.withLock { $0 = true }
        }
        defer { watcher.cancel() }
        let deadline = ContinuousClock.now + .seconds(variant.startupSeconds)
        let failure = "The primary container for production variant \(variant.name) did not pass the ping health check. Please check CloudWatch logs for this endpoint."
        while ContinuousClock.now < deadline {
            if finished.withLock({ $0 }) {
                let last = instance.lastLines(3)
                throw ServingFailure(failure + (last.isEmpty ? "" : " The model server exited: \(last)"))
            }
            if await ModelServerClient.ping(port: port) {
                instance.healthy.withLock { $0 = true }
                logs.append(["Model server \(id) of variant \(variant.name) is listening on 127.0.0.1:\(port) and answers /ping."], group: group, stream: stream, account: account, region: region)
                return instance
            }
            try? await Task.sleep(for: .milliseconds(25))
        }
        instance.stop()
        throw ServingFailure(failure)
    }

    /// Appends a line to the endpoint's log group (the variant's stream, or the endpoint's own).
    func log(_ record: any ServingOwner, variant: String?, _ line: String) {
        logs.append([line], group: record.logGroup, stream: record.logStream(variant: variant ?? "", instance: "slipway"), account: record.account, region: record.region)
    }
}
