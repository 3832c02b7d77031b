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

    /// Whether `url`'s directory is really inside the job's home (no link along the way leads out).
    private func insideHome(_ url: URL) -> Bool {
        let root = runner.resolvingSymlinksInPath().path
        let parent = url.deletingLastPathComponent().resolvingSymlinksInPath().path
        return parent == root || parent.hasPrefix(root + "/")
    }

    /// Writes a new file into the job's home for its steps: never through a link, never outside the home (a step
    /// may have replaced a directory with a link to a server directory), never over an existing file.
    func create(_ path: String, contents: [UInt8]) throws {
        let descriptor = try openNew(path)
        defer { close(descriptor) }
        try write(contents[...], to: descriptor, path: path)
    }

    /// The same, streaming the contents of a server file (an artifact) into it.
    func create(_ path: String, copying source: URL) throws {
        let descriptor = try openNew(path)
        defer { close(descriptor) }
        let reader = try FileHandle(forReadingFrom: source)
        defer { try? reader.close() }
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            try write(Array(chunk)[...], to: descriptor, path: path)
        }
    }

    private func openNew(_ path: String) throws -> Int32 {
        guard let url = hostURL(path), insideHome(url) else { throw StepFailure("The runner's directory \(path) is not usable.") }
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o644)
        guard descriptor >= 0 else { throw StepFailure("The runner could not write \(path) (errno \(errno)).") }
        return descriptor
    }

    private func write(_ bytes: ArraySlice<UInt8>, to descriptor: Int32, path: String) throws {
        var written = bytes.startIndex
        while written < bytes.endIndex {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw StepFailure("The runner could not write \(path) (errno \(errno)).") }
            written += count
        }
    }

    /// Makes a directory in the job's home (and its parents), refusing links.
    func makeDirectory(_ path: String) throws {
        guard let url = hostURL(path) else { throw StepFailure("The runner's directory \(path) is not usable.") }
        var current = runner
        for part in url.path.dropFirst(runner.path.count).split(separator: "/") {
            current = current.appendingPathComponent(String(part))
            var info = stat()
            if lstat(current.path, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFDIR else { throw StepFailure("The runner's directory \(path) is not usable.") }
            } else if mkdir(current.path, 0o755) != 0 {
                throw StepFailure("The runner could not make \(path) (errno \(errno)).")
            }
        }
    }

    /// Copies a file the steps made (a regular file, not a link, inside the home) to `destination`, up to `limit`
    /// bytes; false when there is no such file.
    func copyOut(_ path: String, to destination: URL, limit: Int) throws -> Bool {
        guard let url = hostURL(path), insideHome(url) else { return false }
        let source = open(url.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        guard source >= 0 else { return false }
        defer { close(source) }
        var info = stat()
        guard fstat(source, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return false }
        guard Int(info.st_size) <= limit else { throw StepFailure("\(path) is larger than \(limit >> 20) MiB.") }
        _ = FileManager.default.createFile(atPath: destination.path, contents: nil)
        let handle = try FileHandle(forWritingTo: destination)
        defer { try? handle.close() }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(source, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            try handle.write(contentsOf: buffer[..<count])
        }
        return true
    }
}
