import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs jobs on a Ray cluster through the Ray Jobs REST API (`/api/jobs/`): each job's sandbox command (the same
/// bubblewrap sandbox the local backend runs) is submitted as the Ray job's entrypoint, its status and logs are
/// followed, and stopping it stops the Ray job. The job's directories must be where the Ray node sees them (a local
/// head, or storage shared with the cluster).
public final class RayLauncher: JobLauncher {
    let address: URL
    let sandbox: Sandbox
    let session: URLSession
    /// How often a running job's status and logs are read.
    let pollInterval: Duration

    public init(address: URL, sandbox: Sandbox, pollInterval: Duration = .milliseconds(200)) {
        self.address = address
        self.sandbox = sandbox
        self.pollInterval = pollInterval
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration)
    }

    /// Why the cluster would not take or report a job.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// A job on the cluster.
    final class RayJob: RunningWork {
        let id: String
        let launcher: RayLauncher
        init(id: String, launcher: RayLauncher) {
            self.id = id
            self.launcher = launcher
        }

        func stop() {
            let (launcher, id) = (launcher, id)
            Task { _ = try? await launcher.request("POST", "api/jobs/\(id)/stop", body: nil) }
        }
    }

    /// A shell word: the string in single quotes, each of its own quotes escaped.
    static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The entrypoint a spec runs as on a Ray node: its sandbox command under a clean environment holding the spec's.
    static func entrypoint(executable: String, arguments: [String], environment: [String: String]) -> String {
        let variables = environment.sorted { $0.key < $1.key }.map { quoted("\($0.key)=\($0.value)") }
        return (["exec", "/usr/bin/env", "-i"] + variables + [quoted(executable)] + arguments.map(quoted)).joined(separator: " ")
    }

    public func launch(_ spec: SandboxSpec, label: String, output: @escaping @Sendable (String) -> Void, exited: @escaping @Sendable (Int32) -> Void) throws -> any RunningWork {
        let command = try sandbox.prepare(spec)
        let id = "slipway-\(label.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" }.prefix(60))-\(UUID().uuidString.prefix(8).lowercased())"
        let job = RayJob(id: id, launcher: self)
        let body: [String: Any] = [
            "entrypoint": Self.entrypoint(executable: command.executable, arguments: command.arguments, environment: SandboxCommand.processEnvironment(for: spec)),
            "submission_id": id, "metadata": ["slipway-job": label],
        ]
        let data = try JSONSerialization.data(withJSONObject: body)
        Task {
            do {
                _ = try await request("POST", "api/jobs/", body: data)
                await follow(id, output: output, exited: exited)
            } catch {
                output("Slipway could not submit the job to Ray at \(address.absoluteString): \(error)")
                exited(125)
            }
        }
        return job
    }

    /// Reads the job's logs and status until it ends, passing on each new line.
    private func follow(_ id: String, output: @escaping @Sendable (String) -> Void, exited: @escaping @Sendable (Int32) -> Void) async {
        var seen = 0, pending = "", failures = 0
        while true {
            try? await Task.sleep(for: pollInterval)
            guard let info = try? await json("GET", "api/jobs/\(id)"), let status = info["status"] as? String else {
                failures += 1
                if failures > 150 {
                    output("Slipway lost the Ray job \(id): the cluster stopped answering.")
                    exited(125)
                    return
                }
                continue
            }
            failures = 0
            if let logs = try? await json("GET", "api/jobs/\(id)/logs"), let text = logs["logs"] as? String, text.utf8.count > seen {
                let fresh = String(decoding: Array(text.utf8)[seen...], as: UTF8.self)
                seen = text.utf8.count
                pending += fresh
                while let newline = pending.firstIndex(of: "\n") {
                    output(String(pending[..<newline]))
                    pending = String(pending[pending.index(after: newline)...])
                }
            }
            switch status {
            case "SUCCEEDED", "FAILED", "STOPPED":
                if !pending.isEmpty { output(pending) }
                let code = (info["driver_exit_code"] as? Int).map(Int32.init) ?? (status == "SUCCEEDED" ? 0 : 1)
                exited(status == "STOPPED" && code == 0 ? 143 : code)
                return
            default:
                continue
            }
        }
    }

    private func json(_ method: String, _ path: String) async throws -> [String: Any] {
        let data = try await request(method, path, body: nil)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw Failure(description: "Ray answered \(path) with no object") }
        return object
    }

    func request(_ method: String, _ path: String, body: Data?) async throws -> Data {
        var request = URLRequest(url: address.appendingPathComponent(path))
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse, (200..<300).contains(http.statusCode) else {
            throw Failure(description: "Ray answered \(method) \(path) with \((response as? HTTPURLResponse)?.statusCode ?? 0): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return data
    }
}
