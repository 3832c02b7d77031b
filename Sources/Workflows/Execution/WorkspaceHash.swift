import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `hashFiles(patterns…)`: the SHA-256 of the SHA-256s of the workspace's files matching the patterns (in path order),
/// or the empty string when none match, as GitHub computes it. Files are read as the job left them, never through a
/// link, and only inside the workspace.
enum WorkspaceHash {
    /// At most this many files are hashed (GitHub's own bound is time; this keeps a hostile tree cheap).
    static let maxFiles = 100_000

    static func hash(_ patterns: [String], workspace: URL, home: URL) throws -> String {
        // A step may have replaced the workspace (or a directory above it) with a link out of the job's home.
        let root = home.resolvingSymlinksInPath().path
        guard workspace.resolvingSymlinksInPath().path.hasPrefix(root + "/") else { return "" }
        let prefix = "${{ github.workspace }}/"
        let filters = patterns.flatMap { $0.split(whereSeparator: \.isNewline) }.map { raw -> FilterPattern in
            var pattern = raw.trimmingCharacters(in: .whitespaces)
            let negated = pattern.hasPrefix("!")
            if negated { pattern.removeFirst() }
            for root in [prefix, "./"] where pattern.hasPrefix(root) { pattern.removeFirst(root.count) }
            return FilterPattern((negated ? "!" : "") + pattern)
        }
        guard let walker = FileManager.default.enumerator(atPath: workspace.path) else { return "" }
        var matched: [String] = []
        for case let relative as String in walker {
            if relative == ".git" || relative.hasPrefix(".git/") { continue }
            var info = stat()
            guard lstat(workspace.path + "/" + relative, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if FilterPattern.evaluate(filters, relative) { matched.append(relative) }
            if matched.count > maxFiles { throw StepFailure("hashFiles matched more than \(maxFiles) files.") }
        }
        guard !matched.isEmpty else { return "" }
        var outer = SHA256()
        for relative in matched.sorted() {
            let descriptor = open(workspace.path + "/" + relative, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            var inner = SHA256()
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
                guard count > 0 else { break }
                inner.update(data: buffer[..<count])
            }
            outer.update(data: Data(inner.finalize()))
        }
        return outer.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
