import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a job's files live: one host directory per job, seen in the sandbox as the runner's home
/// (`/home/runner`) with GitHub's layout — the workspace under `work/<repo>/<repo>`, `_temp`, `_tool`.
struct JobDirectories: Sendable {
    /// The job's host directory; removed when the job ends.
    let host: URL
    let repositoryName: String

    static let home = "/home/runner"
    /// The directory under the home that holds workspaces, as on GitHub's runners.
    static let workRoot = home + "/work"

    var runner: URL { host.appendingPathComponent("runner", isDirectory: true) }
    var workspace: String { "\(runnerWorkspace)/\(repositoryName)" }
    var runnerWorkspace: String { "\(Self.workRoot)/\(repositoryName)" }
    var temp: String { "\(Self.home)/_temp" }
    var toolCache: String { "\(Self.home)/_tool" }
    var fileCommands: String { "\(temp)/_runner_file_commands" }

    /// The host file behind a path inside the sandbox's home; nil for paths outside it.
    func hostURL(_ path: String) -> URL? {
        guard path == Self.home || path.hasPrefix(Self.home + "/") else { return nil }
        let relative = path.dropFirst(Self.home.count).drop { $0 == "/" }
        guard !relative.split(separator: "/").contains("..") else { return nil }
        return relative.isEmpty ? runner : runner.appendingPathComponent(String(relative))
    }

    /// Makes the layout.
    func create() throws {
        for path in [workspace, temp, toolCache, fileCommands] {
            guard let url = hostURL(path) else { continue }
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(at: host)
    }

    /// A file the job's steps may have written, read without following links or leaving the job's directory (a
    /// step could have replaced it with a link to a server file); nil when it is absent or not a regular file.
    func read(_ path: String, limit: Int = 1 << 20) -> String? {
        guard let url = hostURL(path) else { return nil }
        let root = runner.resolvingSymlinksInPath().path
        guard url.deletingLastPathComponent().resolvingSymlinksInPath().path.hasPrefix(root) else { return nil }
        let descriptor = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var bytes = [UInt8](repeating: 0, count: min(Int(info.st_size), limit))
        var filled = 0
        while filled < bytes.count {
            let count = bytes[filled...].withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            filled += count
        }
        return String(decoding: bytes[..<filled], as: UTF8.self)
    }
}
