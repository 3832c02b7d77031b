import Compute
import Foundation
import ServiceKit
import SlipwayCore
import Synchronization

/// Runs functions: starts Python workers with the execution role's credentials and Slipway as their endpoint,
/// hands them invocations through the Runtime API, enforces the timeout, and keeps each function's log.
final class FunctionRuntime: Sendable {
    /// What an invocation produced, as `Invoke` answers it.
    struct Result: Sendable {
        var payload: [UInt8]
        var functionError: String?
        /// The invocation's log (START … REPORT), for `LogType: Tail`.
        var log: String
    }

    let pool: WorkerPool
    let logs: FunctionLogs
    let pythons: PythonRuntimes
    let code: CodeCache
    /// The bootstrap's own directory, the only part of the data directory besides its package a worker sees.
    let bootstrapPath: URL
    let credentials: any RoleCredentialsPort
    let sandbox: Sandbox
    private let endpoint = Mutex<String?>(nil)
    private let ids: any IDGenerator

    init(
        root: URL, credentials: any RoleCredentialsPort, sandbox: Sandbox, logs: any LogsPort, ids: any IDGenerator, maxWorkers: Int, idleTimeout: Duration,
        pythons: PythonRuntimes = PythonRuntimes()
    ) {
        pool = WorkerPool(maxWorkers: maxWorkers, idleTimeout: idleTimeout)
        self.logs = FunctionLogs(port: logs)
        code = CodeCache(root: root.appendingPathComponent("code"))
        bootstrapPath = root.appendingPathComponent("runtime").appendingPathComponent(PythonBootstrap.fileName)
        self.pythons = pythons
        self.sandbox = sandbox
        self.credentials = credentials
        self.ids = ids
    }

    /// Where workers reach Slipway (`127.0.0.1:PORT`), known once the server listens.
    func setEndpoint(host: String, port: Int) {
        endpoint.withLock { $0 = ServerAddress.reachable(host: host, port: port) }
    }

    /// `host:port` workers and functions reach the server at, once it listens.
    var endpointAddress: String? { endpoint.withLock { $0 } }

    /// Runs `payload` through `function` and waits for the outcome.
    func invoke(_ function: FunctionRecord, payload: [UInt8], invokedARN: String, clientContext: String?, zip: @escaping @Sendable () async throws -> [UInt8]) async throws -> Result {
        let requestID = ids.uuid()
        let received = Date()
        let worker: Worker
        if let warm = try await pool.acquire(function) {
            worker = warm
        } else {
            do {
                worker = try await launch(function, zip: zip)
            } catch {
                await pool.cancelReservation(function)
                throw error
            }
        }
        logs.append(["START RequestId: \(requestID) Version: \(function.version)"], function: function, stream: worker.logStream)
        let deadline = received.addingTimeInterval(Double(function.timeout))
        let invocation = RuntimeInvocation(
            requestID: requestID, payload: payload, deadlineMS: Int64(deadline.timeIntervalSince1970 * 1000), invokedARN: invokedARN, clientContext: clientContext
        )
        let timer = Task {
            try? await Task.sleep(for: .milliseconds(Int64(function.timeout) * 1000))
            worker.timeOut(requestID)
        }
        let outcome = await worker.run(invocation)
        timer.cancel()
        let output = await worker.collectOutput(through: requestID)
        await pool.release(worker)
        let duration = Date().timeIntervalSince(received) * 1000
        var result = Self.result(outcome, requestID: requestID, timeout: function.timeout)
        var tail = ["START RequestId: \(requestID) Version: \(function.version)"] + output
        if outcome == .timedOut, let line = String(bytes: result.payload, encoding: .utf8).flatMap(Self.timeoutMessage) {
            tail.append(line)
            logs.append([line], function: function, stream: worker.logStream)
        }
        let report = "REPORT RequestId: \(requestID)\tDuration: \(String(format: "%.2f", duration)) ms\tBilled Duration: \(Int(duration.rounded(.up))) ms\tMemory Size: \(function.memorySize) MB\tMax Memory Used: \(worker.peakMemoryMB() ?? 0) MB\t"
        let ending = ["END RequestId: \(requestID)", report]
        tail += ending
        logs.append(ending, function: function, stream: worker.logStream)
        result.log = tail.joined(separator: "\n") + "\n"
        return result
    }

    /// The message of a timeout's error document, as the log line says it.
    static func timeoutMessage(_ document: String) -> String? {
        guard let start = document.range(of: #"{"errorMessage":""#), let end = document.range(of: "\"}", options: .backwards) else { return nil }
        return String(document[start.upperBound..<end.lowerBound])
    }

    static func result(_ outcome: RuntimeOutcome, requestID: String, timeout: Int) -> Result {
        switch outcome {
        case .response(let payload):
            return Result(payload: payload, functionError: nil, log: "")
        case .error(_, let document), .initError(_, let document):
            return Result(payload: document, functionError: "Unhandled", log: "")
        case .exited(let status):
            let document = #"{"errorType":"Runtime.ExitError","errorMessage":"RequestId: \#(requestID) Error: Runtime exited with error: \#(status < 0 ? "signal: killed" : "exit status \(status)")"}"#
            return Result(payload: Array(document.utf8), functionError: "Unhandled", log: "")
        case .timedOut:
            let stamp = Date().ISO8601Format(.iso8601.year().month().day().dateTimeSeparator(.standard).time(includingFractionalSeconds: true))
            let document = #"{"errorMessage":"\#(stamp) \#(requestID) Task timed out after \#(String(format: "%.2f", Double(timeout))) seconds"}"#
            return Result(payload: Array(document.utf8), functionError: "Unhandled", log: "")
        }
    }

    /// Where a worker sees its package and the bootstrap, as on Lambda.
    static let taskRoot = "/var/task", runtimeDirectory = "/var/runtime"

    /// Starts a worker for `function` in a sandbox of its own: its package unpacked and mounted read-only, its role's
    /// credentials issued, its environment made from nothing but what the function is owed.
    private func launch(_ function: FunctionRecord, zip: @escaping @Sendable () async throws -> [UInt8]) async throws -> Worker {
        guard let endpoint = endpoint.withLock({ $0 }) else { throw LambdaError.notReady("The function runtime is not ready yet.") }
        do { try sandbox.checkAvailable() } catch let unavailable as Sandbox.Unavailable {
            throw LambdaError.notReady("The function cannot run: \(unavailable.reason)")
        }
        guard let python = pythons.choose(for: function.runtime)?.interpreter else {
            throw LambdaError.notReady("No Python 3 interpreter is installed on this machine, so \(function.runtime) functions cannot run.")
        }
        try writeBootstrapIfNeeded()
        let directory = try await code.directory(sha: function.codeSha256, python: python.executable, zip: zip)
        let token = ids.randomString(length: 24, alphabet: Array("abcdefghijklmnopqrstuvwxyz0123456789"))
        let session: SessionCredentials
        do {
            session = try await credentials.credentials(
                forRole: function.role, by: "lambda.amazonaws.com", for: function.account, sessionName: function.name, durationSeconds: 3600
            )
        } catch let denied as AccessDeniedError {
            throw LambdaError(code: "AccessDeniedException", message: "The role defined for the function cannot be assumed by Lambda. \(denied.message)", httpStatus: 502)
        }
        let worker = Worker(token: token, function: function, logs: logs)
        // Known to the Runtime API before the process can call it.
        await pool.register(worker)
        do {
            try worker.start(
                Self.sandboxSpec(function, python: python, endpoint: endpoint, token: token, logStream: worker.logStream, session: session, code: directory, runtime: bootstrapPath),
                in: sandbox
            )
        } catch {
            worker.stop()
            await pool.unregister(worker)
            if let unavailable = error as? Sandbox.Unavailable { throw LambdaError.notReady("The function cannot run: \(unavailable.reason)") }
            throw LambdaError(code: "ServiceException", message: "The function's runtime could not be started: \(error)", httpStatus: 500)
        }
        return worker
    }

    /// The sandbox a worker of `function` runs in: the package at `/var/task`, the bootstrap at `/var/runtime`, the
    /// interpreter's installation read-only, a private `/tmp`; Lambda's environment; its memory as the data limit.
    static func sandboxSpec(
        _ function: FunctionRecord, python: PythonRuntimes.Interpreter, endpoint: String, token: String, logStream: String, session: SessionCredentials,
        code: URL, runtime: URL
    ) -> SandboxSpec {
        var environment = function.environment
        let interpreterBin = (python.program as NSString).deletingLastPathComponent
        let fixed: [String: String] = [
            "PATH": "\(interpreterBin):/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": ":UTC", "HOME": "/tmp",
            "AWS_LAMBDA_RUNTIME_API": "\(endpoint)/_slipway/runtime/\(token)",
            "_HANDLER": function.handler, "LAMBDA_TASK_ROOT": taskRoot, "LAMBDA_RUNTIME_DIR": runtimeDirectory,
            "AWS_EXECUTION_ENV": "AWS_Lambda_\(function.runtime)", "AWS_LAMBDA_FUNCTION_NAME": function.name,
            "AWS_LAMBDA_FUNCTION_VERSION": function.version, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": String(function.memorySize),
            "AWS_LAMBDA_LOG_GROUP_NAME": FunctionLogs.group(of: function), "AWS_LAMBDA_LOG_STREAM_NAME": logStream,
            "AWS_REGION": function.region, "AWS_DEFAULT_REGION": function.region, "AWS_ENDPOINT_URL": "http://\(endpoint)",
            "SAGEMAKER_MLFLOW_CUSTOM_ENDPOINT": "http://\(endpoint)", "AWS_ACCESS_KEY_ID": session.accessKeyID,
            "AWS_SECRET_ACCESS_KEY": session.secretAccessKey, "AWS_SESSION_TOKEN": session.sessionToken,
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1",
        ]
        environment.merge(fixed) { _, reserved in reserved }
        // Slipway's forge, where a function that dispatches workflows (PyGithub's base_url) reaches it, unless the
        // function names another forge itself.
        if environment["GITHUB_API_URL"] == nil { environment["GITHUB_API_URL"] = "http://\(endpoint)/api/v3" }
        var mounts: [SandboxMount] = [
            .readOnly(host: code.path, at: taskRoot),
            .readOnly(host: runtime.deletingLastPathComponent().path, at: runtimeDirectory),
            .scratch(at: "/tmp", bytes: 512 << 20),
        ]
        mounts += python.sandboxMounts
        return SandboxSpec(
            command: [python.program, "-u", runtimeDirectory + "/" + PythonBootstrap.fileName], environment: environment, workingDirectory: taskRoot,
            mounts: mounts, limits: SandboxLimits(dataBytes: function.memorySize << 20, openFiles: 1024, processes: 1024)
        )
    }

    private func writeBootstrapIfNeeded() throws {
        let data = Data(PythonBootstrap.source.utf8)
        if (try? Data(contentsOf: bootstrapPath)) == data { return }
        try FileManager.default.createDirectory(at: bootstrapPath.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: bootstrapPath, options: .atomic)
    }

    // MARK: Runtime API

    /// Why a Runtime API call cannot be served.
    enum RuntimeAPIError: Error { case unknownWorker, unknownRequest }

    func next(token: String) async throws -> RuntimeInvocation? {
        guard let worker = await pool.worker(token: token) else { throw RuntimeAPIError.unknownWorker }
        return await worker.next()
    }

    func respond(token: String, requestID: String, outcome: RuntimeOutcome) async throws {
        guard let worker = await pool.worker(token: token) else { throw RuntimeAPIError.unknownWorker }
        guard worker.finish(requestID, outcome) else { throw RuntimeAPIError.unknownRequest }
    }

    func initError(token: String, type: String, document: [UInt8]) async throws {
        guard let worker = await pool.worker(token: token) else { throw RuntimeAPIError.unknownWorker }
        worker.initFailed(type: type, document: document)
    }
}
