import AsyncHTTPClient
import Compute
import Foundation
import Logging
import NIOCore
import ServiceKit
import SlipwayCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs each managed MLflow server's MLflow process in a sandbox of its own and keeps it running: it takes the
/// server's lease, builds the version's environment once, starts MLflow's server through Slipway's launcher (a spare
/// one already loaded when there is one) listening on a Unix socket only Slipway reaches, waits for its health
/// check, renews the lease and the role's credentials while it runs, restarts it when it dies, and stops it when
/// asked (or when another Slipway server took the lease over).
final class MlflowSupervisor: Sendable {
    let store: MlflowStore
    let sandbox: Sandbox
    let environments: PythonEnvironments
    let versions: MlflowVersions
    let credentials: any RoleCredentialsPort
    let logs: any LogsPort
    let backends: MlflowBackends
    let clock: any WallClock
    let logger: Logger
    /// This Slipway server's name on the leases it holds.
    let owner = UUID().uuidString
    let lease: TimeInterval
    /// Where servers' state (SQLite store, credentials) is kept, one directory each.
    let root: URL
    /// A short directory for the servers' sockets (a socket's path must stay under 108 bytes).
    let socketRoot: URL
    private let endpoint = Mutex<String?>(nil)
    private let instances = Mutex<[String: Instance]>([:])
    /// One launcher per MLflow version started ahead of need, MLflow loaded, for the next new server.
    private let spares = Mutex<[String: LauncherProcess]>([:])
    private let installedScript = Mutex<URL?>(nil)
    private let shutDown = Mutex(false)

    /// How long a starting MLflow server may take to answer its health check.
    static let startTimeout: Duration = .seconds(180)
    /// Where a server's state directory and socket directory are inside its sandbox.
    static let statePath = "/opt/mlflow/state"
    static let socketPath = "/run/mlflow"

    /// A server this Slipway server supervises: its supervising task, its process while one runs, and whether it answers.
    final class Instance: Sendable {
        let arn: String
        /// Where its current process listens (each launch has a socket directory of its own).
        let socket = Mutex("")
        let process = Mutex<(any RunningWork)?>(nil)
        let ready = Mutex<Bool>(false)
        let stopping = Mutex<Bool>(false)
        let task = Mutex<Task<Void, Never>?>(nil)

        init(arn: String) {
            self.arn = arn
        }

        func stop() {
            stopping.withLock { $0 = true }
            process.withLock { $0 }?.stop()
        }
    }

    init(
        store: MlflowStore, sandbox: Sandbox, environments: PythonEnvironments, versions: MlflowVersions, credentials: any RoleCredentialsPort,
        logs: any LogsPort, backends: MlflowBackends, root: URL, clock: any WallClock, logger: Logger, lease: TimeInterval
    ) {
        self.store = store
        self.sandbox = sandbox
        self.environments = environments
        self.versions = versions
        self.credentials = credentials
        self.logs = logs
        self.backends = backends
        self.root = root
        self.clock = clock
        self.logger = logger
        self.lease = lease
        let temporary = FileManager.default.temporaryDirectory.path
        let base = temporary.utf8.count > 40 ? "/tmp" : temporary
        socketRoot = URL(fileURLWithPath: base).appendingPathComponent("slipway-mlflow-" + String(UUID().uuidString.prefix(8)).lowercased())
    }

    func setEndpoint(_ address: String) { endpoint.withLock { $0 = address } }

    func currentEndpoint() -> String? { endpoint.withLock { $0 } }

    func isShutDown() -> Bool { shutDown.withLock { $0 } }

    /// The launcher script's file, written the first time one is needed.
    func launcherScript() throws -> URL {
        try installedScript.withLock { installed in
            if let installed { return installed }
            let file = try MlflowLauncher.install(in: root)
            installed = file
            return file
        }
    }

    func takeSpare(_ version: String) -> LauncherProcess? {
        guard let spare = spares.withLock({ $0.removeValue(forKey: version) }), !spare.hasEnded.withLock({ $0 }) else { return nil }
        return spare
    }

    func hasSpare(_ version: String) -> Bool { spares.withLock { $0[version] != nil } }

    func keepSpare(_ spare: LauncherProcess, for version: String) -> Bool {
        spares.withLock { waiting in
            guard waiting[version] == nil else { return false }
            waiting[version] = spare
            return true
        }
    }

    func dropSpare(_ spare: LauncherProcess, for version: String) {
        spares.withLock { waiting in
            if waiting[version] === spare { waiting.removeValue(forKey: version) }
        }
    }

    /// The socket a server's MLflow answers on, once it does; nil while it is not running or not yet ready.
    func readySocket(_ id: String) -> String? {
        guard let instance = instances.withLock({ $0[id] }), instance.ready.withLock({ $0 }) else { return nil }
        return instance.socket.withLock { $0 }
    }

    /// Whether this Slipway server supervises `id` (its process may still be starting).
    func supervises(_ id: String) -> Bool { instances.withLock { $0[id] != nil } }

    // MARK: Starting and stopping

    /// Starts supervising `record` under a lease already held (or taken now); does nothing when it already is.
    func start(_ record: MlflowServerRecord) {
        let instance = Instance(arn: record.arn)
        let added = instances.withLock { running -> Bool in
            if running[record.id] != nil { return false }
            running[record.id] = instance
            return true
        }
        guard added else { return }
        let task = Task { [self] in
            await supervise(record.id, instance: instance)
            instances.withLock { running in
                if running[record.id] === instance { running.removeValue(forKey: record.id) }
            }
        }
        instance.task.withLock { $0 = task }
    }

    /// Stops a server's process and waits until it has ended and its supervision with it.
    func stop(_ id: String) async {
        guard let instance = instances.withLock({ $0[id] }) else { return }
        instance.stop()
        await instance.task.withLock { $0 }?.value
    }

    /// Stops every process this server runs and gives their leases up, so the next server takes them at once.
    func shutdown() async {
        shutDown.withLock { $0 = true }
        for spare in spares.withLock({ Array($0.values) }) { spare.process.stop() }
        let all = instances.withLock { Array($0.values) }
        for instance in all { instance.stop() }
        for instance in all {
            await instance.task.withLock { $0 }?.value
            try? await store.release(instance.arn, owner: owner)
        }
        try? FileManager.default.removeItem(at: socketRoot)
    }

    /// Takes over the servers that should run and that no live Slipway server runs: on start, and again while another
    /// server's leases may run out.
    func recover() async {
        while !Task.isCancelled {
            let now = clock.now()
            for record in (try? await store.unattended(now: now)) ?? [] where !supervises(record.id) {
                guard (try? await store.claim(record.arn, owner: owner, now: now, until: now.addingTimeInterval(lease))) == true else { continue }
                if record.status == "Deleting" {
                    Task { await self.finishDeleting(record) }
                } else if record.status == "Stopping" {
                    _ = try? await store.modify(record.arn) { $0.status = "Stopped"; $0.isActive = false }
                    try? await store.release(record.arn, owner: owner)
                } else {
                    start(record)
                }
            }
            guard (try? await store.othersRunning(owner: owner, now: clock.now())) == true else { return }
            try? await Task.sleep(for: .seconds(lease))
        }
    }

    /// Removes what a deleted server leaves: its process, its data and its row.
    func finishDeleting(_ record: MlflowServerRecord) async {
        await stop(record.id)
        do {
            try await backends.drop(record)
            try? FileManager.default.removeItem(at: root.appendingPathComponent(record.id))
            try await store.deleteTokens(serverID: record.id)
            try await store.delete(record.arn)
            log(record, "Deleted the MLflow server and its backend store.")
        } catch {
            _ = try? await store.modify(record.arn) { $0.status = "DeleteFailed"; $0.failureReason = "\(error)" }
            try? await store.release(record.arn, owner: owner)
            log(record, "Deleting the MLflow server failed: \(error)")
        }
    }

    // MARK: Supervision

    private func supervise(_ id: String, instance: Instance) async {
        var failures = 0
        var everReady = false
        while !instance.stopping.withLock({ $0 }) {
            guard let record = try? await store.server(id: id), record.shouldRun else { break }
            let outcome = await runOnce(record, instance: instance)
            if instance.stopping.withLock({ $0 }) { break }
            switch outcome {
            case .lostLease:
                return
            case .failedToStart(let reason):
                failures += 1
                let starting = ["Creating", "Starting"].contains(record.status)
                if starting && failures >= 3 {
                    let failed = record.status == "Creating" ? "CreateFailed" : "StartFailed"
                    _ = try? await store.modify(record.arn) { $0.status = failed; $0.isActive = false; $0.failureReason = reason }
                    log(record, "\(failed): \(reason)")
                    try? await store.release(record.arn, owner: owner)
                    return
                }
                let restarting = everReady
                _ = try? await store.modify(record.arn) {
                    $0.isActive = false
                    $0.failureReason = reason
                    if restarting { $0.maintenanceStatus = "MaintenanceInProgress" }
                }
                log(record, "The MLflow server did not start (\(reason)); starting it again.")
            case .exited(let status):
                everReady = true
                failures += 1
                let reason = "The MLflow server process exited with status \(status)."
                _ = try? await store.modify(record.arn) { $0.isActive = false; $0.maintenanceStatus = "MaintenanceInProgress"; $0.failureReason = reason }
                log(record, reason + " Slipway restarts it.")
            }
            // Restarts back off, up to a minute between tries, unless asked to stop meanwhile.
            let delay = min(60.0, pow(2.0, Double(min(failures, 6))) / 2)
            let deadline = ContinuousClock.now + .seconds(delay)
            while ContinuousClock.now < deadline, !instance.stopping.withLock({ $0 }) {
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
        if let record = try? await store.server(id: id), !record.shouldRun, record.status != "Deleting" {
            try? await store.release(record.arn, owner: owner)
        }
    }

    private enum Outcome {
        case lostLease
        case failedToStart(String)
        case exited(Int32)
    }

    /// Runs the server's process once, from start to its end.
    private func runOnce(_ record: MlflowServerRecord, instance: Instance) async -> Outcome {
        // Nothing answers until this start is done, whatever the record said before.
        if record.isActive { _ = try? await store.modify(record.arn) { $0.isActive = false } }
        // The lease is renewed from the start: installing and loading MLflow may take longer than a lease lasts.
        let lostLease = Mutex(false)
        let credentialsUntil = Mutex<Date?>(nil)
        let renewal = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(lease / 3))
                if Task.isCancelled { return }
                let now = clock.now()
                if (try? await store.renew(record.arn, owner: owner, until: now.addingTimeInterval(lease))) == false {
                    lostLease.withLock { $0 = true }
                    instance.process.withLock { $0 }?.stop()
                    return
                }
                // The role's credentials are renewed well before they expire; MLflow's boto3 reads them again itself.
                if let until = credentialsUntil.withLock({ $0 }), until.timeIntervalSince(now) < 1200, let renewed = try? await writeCredentials(record) {
                    credentialsUntil.withLock { $0 = renewed }
                }
            }
        }
        let launched: LaunchedProcess
        do {
            launched = try await launch(record, instance: instance)
        } catch {
            renewal.cancel()
            return lostLease.withLock({ $0 }) ? .lostLease : .failedToStart("\(error)")
        }
        credentialsUntil.withLock { $0 = launched.credentialsExpire }
        defer { renewal.cancel() }
        let health = Task { [self] in
            await waitUntilHealthy(record, instance: instance, exited: launched.exited)
        }
        let healthy = await health.value
        if healthy {
            instance.ready.withLock { $0 = true }
            let updated = try? await store.modify(record.arn) { stored in
                stored.isActive = true
                stored.failureReason = nil
                switch stored.status {
                case "Creating": stored.status = "Created"
                case "Starting": stored.status = "Started"
                case "Updating": stored.status = "Updated"
                default: break
                }
                if stored.maintenanceStatus == "MaintenanceInProgress" { stored.maintenanceStatus = "MaintenanceComplete" }
            }
            log(record, "The MLflow server is running (\(updated?.status ?? record.status)).")
        }
        let status = await launched.exited.value
        try? FileManager.default.removeItem(at: launched.launcher.sockets)
        instance.ready.withLock { $0 = false }
        instance.process.withLock { $0 = nil }
        if lostLease.withLock({ $0 }) { return .lostLease }
        if !healthy { return .failedToStart(launched.lastLines() + " (exit status \(status))") }
        return .exited(status)
    }

    private func launch(_ record: MlflowServerRecord, instance: Instance) async throws -> LaunchedProcess {
        guard let profile = versions.profile(for: record.mlflowVersion) else { throw MlflowRuntimeError(versions.unavailable(record.mlflowVersion)) }
        let environment: PythonEnvironments.Environment
        do {
            environment = try await environments.environment(for: profile) { [self] line in log(record, line) }
        } catch {
            throw MlflowRuntimeError("Installing MLflow \(record.mlflowVersion) failed: \(error)")
        }
        let launcher = try launcher(for: record, environment: environment)
        launcher.attach { [self] line in log(record, line) }
        instance.process.withLock { $0 = launcher.process }
        instance.socket.withLock { $0 = launcher.sockets.appendingPathComponent("mlflow.sock").path }
        if instance.stopping.withLock({ $0 }) { launcher.process.stop() }
        let credentialsExpire: Date
        do {
            credentialsExpire = try await writeCredentials(record)
            let backend = try await backends.prepare(record, statePath: Self.statePath)
            let workers = switch record.size { case "Large": 4; case "Medium": 2; default: 1 }
            try await launcher.assign(MlflowLauncher.Assignment(
                environment: ["AWS_REGION": record.region, "AWS_DEFAULT_REGION": record.region], backendStoreUri: backend,
                defaultArtifactRoot: Self.artifactRoot(record.artifactStoreUri), workers: workers, socket: Self.socketPath + "/mlflow.sock"
            ), within: Self.startTimeout)
        } catch {
            launcher.process.stop()
            throw error
        }
        // The next new server of this version finds MLflow loaded already.
        Task { [self] in replenish(record.mlflowVersion, environment: environment) }
        return LaunchedProcess(launcher: launcher, credentialsExpire: credentialsExpire)
    }

    /// A started process as the supervision sees it: its launcher (its exit and last lines) and its credentials' expiry.
    private struct LaunchedProcess: Sendable {
        let launcher: LauncherProcess
        let credentialsExpire: Date

        var exited: Task<Int32, Never> { launcher.exited }

        func lastLines() -> String { launcher.tail.withLock { $0.suffix(3).joined(separator: " | ") } }
    }

    /// MLflow keeps each experiment's artifacts under the root, in a folder named after the experiment's id.
    static func artifactRoot(_ uri: String) -> String {
        uri.hasSuffix("/") ? String(uri.dropLast()) : uri
    }

    /// Writes the role's fresh credentials where the process's boto3 reads them (`credential_process`); their expiry.
    @discardableResult
    private func writeCredentials(_ record: MlflowServerRecord) async throws -> Date {
        let session = try await credentials.credentials(
            forRole: record.roleArn, by: "sagemaker.amazonaws.com", for: record.account, sessionName: "SageMakerMlflow", durationSeconds: 3600
        )
        let body: [String: Any] = [
            "Version": 1, "AccessKeyId": session.accessKeyID, "SecretAccessKey": session.secretAccessKey, "SessionToken": session.sessionToken,
            "Expiration": ISO8601DateFormatter().string(from: session.expiration),
        ]
        let state = root.appendingPathComponent(record.id)
        let file = state.appendingPathComponent("credentials.json")
        let temporary = state.appendingPathComponent(".credentials.json.new")
        try JSONSerialization.data(withJSONObject: body).write(to: temporary)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: temporary.path)
        guard rename(temporary.path, file.path) == 0 else { throw MlflowRuntimeError("Cannot write \(file.path) (errno \(errno)).") }
        return session.expiration
    }

    /// Polls the server's health check until it answers, the process ends or the start times out.
    private func waitUntilHealthy(_ record: MlflowServerRecord, instance: Instance, exited: Task<Int32, Never>) async -> Bool {
        let deadline = ContinuousClock.now + Self.startTimeout
        let ended = Mutex(false)
        let watcher = Task {
            _ = await exited.value
            ended.withLock { $0 = true }
        }
        defer { watcher.cancel() }
        while ContinuousClock.now < deadline {
            if ended.withLock({ $0 }) || instance.stopping.withLock({ $0 }) { return false }
            let socket = instance.socket.withLock { $0 }
            if FileManager.default.fileExists(atPath: socket), await MlflowUpstream.healthy(socket: socket) {
                return true
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
        instance.process.withLock { $0 }?.stop()
        return false
    }

    /// Appends a line to the server's log stream.
    func log(_ record: MlflowServerRecord, _ line: String) {
        logs.append([line], group: Self.logGroup(record.kind), stream: record.kind == .app ? record.id : record.name, account: record.account, region: record.region)
    }

    static func logGroup(_ kind: MlflowServerRecord.Kind) -> String {
        kind == .app ? "/aws/sagemaker/MlflowApps" : "/aws/sagemaker/MlflowTrackingServers"
    }
}

/// Why an MLflow server's process could not be started.
struct MlflowRuntimeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
