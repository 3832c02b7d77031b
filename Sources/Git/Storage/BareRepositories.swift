import Foundation

/// The bare repositories under one root, one directory each, and what the CodeCommit API reads from them.
struct BareRepositories: Sendable {
    let root: URL

    /// Why git could not do what the room asked of it.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The hook every repository gets: git hands it `old new ref` lines after a push, and it appends them to the file
    /// Slipway names for that push, which Slipway reads once the push is over.
    static let postReceiveHook = """
        #!/bin/sh
        # Slipway: reports the refs this push changed (old new ref, one per line) to the push's report file.
        if [ -n "$SLIPWAY_PUSH_REPORT" ]; then cat >> "$SLIPWAY_PUSH_REPORT"; else cat > /dev/null; fi
        exit 0

        """

    func directory(of record: RepositoryRecord) -> URL { root.appendingPathComponent(record.directoryName, isDirectory: true) }

    /// Creates an empty bare repository whose HEAD names `main`, with Slipway's hook.
    func create(_ record: RepositoryRecord) async throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let directory = directory(of: record)
        let result = try await GitCommand.run(["init", "--quiet", "--bare", "--initial-branch=main", directory.path])
        guard result.status == 0 else { throw Failure(description: "git init failed: \(result.errors)") }
        let hook = directory.appendingPathComponent("hooks/post-receive")
        try Data(Self.postReceiveHook.utf8).write(to: hook)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
        for (key, value) in [("core.logAllRefUpdates", "true"), ("receive.fsckObjects", "true"), ("uploadpack.allowFilter", "true")] {
            _ = try await GitCommand.run(["config", key, value], in: directory)
        }
    }

    func delete(_ record: RepositoryRecord) {
        try? FileManager.default.removeItem(at: directory(of: record))
    }

    /// Every branch and its head commit, by name.
    func branches(_ record: RepositoryRecord) async throws -> [(name: String, commit: String)] {
        let result = try await GitCommand.run(["for-each-ref", "--format=%(objectname) %(refname:strip=2)", "refs/heads/"], in: directory(of: record))
        guard result.status == 0 else { throw Failure(description: "git for-each-ref failed: \(result.errors)") }
        return result.text.split(separator: "\n").compactMap { line -> (name: String, commit: String)? in
            let parts = line.split(separator: " ", maxSplits: 1)
            guard parts.count == 2 else { return nil }
            return (String(parts[1]), String(parts[0]))
        }
    }

    /// The branch HEAD names when it exists; the first branch otherwise (then HEAD is pointed at it, as CodeCommit
    /// makes the first branch pushed the default); nil while the repository is empty.
    func defaultBranch(_ record: RepositoryRecord) async throws -> String? {
        let branches = try await branches(record)
        guard let first = branches.first else { return nil }
        let head = try await GitCommand.run(["symbolic-ref", "--short", "HEAD"], in: directory(of: record))
        let named = head.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if head.status == 0, branches.contains(where: { $0.name == named }) { return named }
        _ = try await GitCommand.run(["symbolic-ref", "HEAD", "refs/heads/" + first.name], in: directory(of: record))
        return first.name
    }

    /// The commit a specifier (branch, tag, full or abbreviated id) names, or nil.
    func commit(_ record: RepositoryRecord, _ specifier: String) async throws -> String? {
        guard !specifier.hasPrefix("-"), !specifier.contains("\0") else { return nil }
        let result = try await GitCommand.run(["rev-parse", "--verify", "--quiet", specifier + "^{commit}"], in: directory(of: record))
        let id = result.text.trimmingCharacters(in: .whitespacesAndNewlines)
        return result.status == 0 && id.count == 40 ? id : nil
    }

    /// A file at a commit: its blob id, mode and bytes; nil when the path names no file there.
    func file(_ record: RepositoryRecord, commit: String, path: String, limit: Int) async throws -> (blob: String, mode: String, bytes: [UInt8])? {
        let listing = try await GitCommand.run(["ls-tree", "-z", commit, "--", path], in: directory(of: record))
        guard listing.status == 0, let entry = listing.text.split(separator: "\0").first,
              let tab = entry.firstIndex(of: "\t") else { return nil }
        let fields = entry[..<tab].split(separator: " ")
        guard fields.count == 3, fields[1] == "blob", String(entry[entry.index(after: tab)...]) == path else { return nil }
        let blob = String(fields[2])
        let size = try await GitCommand.run(["cat-file", "-s", blob], in: directory(of: record))
        guard let bytes = Int(size.text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        if bytes > limit { throw GitError.fileTooLarge() }
        let content = try await GitCommand.run(["cat-file", "blob", blob], in: directory(of: record))
        let mode = switch fields[0] {
        case "100755": "EXECUTABLE"
        case "120000": "SYMLINK"
        default: "NORMAL"
        }
        return (blob, mode, content.output)
    }

    /// Commits the files of a zip archive as the repository's first commit on `branch` (CloudFormation's `Code`),
    /// unpacked by Python's zipfile (which keeps every entry inside the directory) in a scratch working tree.
    func seed(_ record: RepositoryRecord, zip: [UInt8], branch: String, scratch: URL, pushReport: URL) async throws {
        let work = scratch.appendingPathComponent("seed-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let archive = work.appendingPathComponent("code.zip")
        try Data(zip).write(to: archive)
        let tree = work.appendingPathComponent("tree")
        let unpacked = try await GitCommand.run(
            ["-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])", archive.path, tree.path], executable: "/usr/bin/python3"
        )
        guard unpacked.status == 0 else { throw Failure(description: "The code archive is not a zip file: \(unpacked.errors)") }
        let author = ["GIT_AUTHOR_NAME": "AWS CloudFormation", "GIT_AUTHOR_EMAIL": "noreply@slipway.local", "GIT_COMMITTER_NAME": "AWS CloudFormation",
                      "GIT_COMMITTER_EMAIL": "noreply@slipway.local"]
        for arguments in [["init", "-q", "-b", branch], ["add", "-A"], ["commit", "-q", "--allow-empty", "-m", "Initial commit by AWS CloudFormation"]] {
            let result = try await GitCommand.run(arguments, in: tree, environment: author)
            guard result.status == 0 else { throw Failure(description: "git \(arguments[0]) failed: \(result.errors)") }
        }
        let pushed = try await GitCommand.run(
            ["push", "-q", directory(of: record).path, "HEAD:refs/heads/" + branch], in: tree, environment: ["SLIPWAY_PUSH_REPORT": pushReport.path]
        )
        guard pushed.status == 0 else { throw Failure(description: "git push failed: \(pushed.errors)") }
        _ = try await GitCommand.run(["symbolic-ref", "HEAD", "refs/heads/" + branch], in: directory(of: record))
    }

    /// A tree entry as the contents API shows it.
    struct Entry: Sendable {
        var path: String
        /// `file`, `dir`, `symlink` or `submodule`.
        var type: String
        var object: String
        var size: Int
    }

    /// What `path` is at `commit`: a file (one entry) or a directory (its children); nil when it is neither.
    func entries(_ record: RepositoryRecord, commit: String, path: String) async throws -> (isDirectory: Bool, entries: [Entry])? {
        func list(_ arguments: [String]) async throws -> [Entry] {
            let result = try await GitCommand.run(["ls-tree", "-z", "-l", commit, "--"] + arguments, in: directory(of: record))
            guard result.status == 0 else { return [] }
            return result.text.split(separator: "\0").compactMap { line -> Entry? in
                guard let tab = line.firstIndex(of: "\t") else { return nil }
                let fields = line[..<tab].split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count == 4 else { return nil }
                let type = switch (fields[0], fields[1]) {
                case ("120000", _): "symlink"
                case (_, "tree"): "dir"
                case (_, "commit"): "submodule"
                default: "file"
                }
                return Entry(path: String(line[line.index(after: tab)...]), type: type, object: String(fields[2]), size: Int(fields[3]) ?? 0)
            }
        }
        if path.isEmpty { return (true, try await list([])) }
        guard let entry = try await list([path]).first(where: { $0.path == path }) else { return nil }
        if entry.type == "dir" { return (true, try await list([path + "/"])) }
        return (false, [entry])
    }

    /// A blob's bytes.
    func blob(_ record: RepositoryRecord, _ object: String) async throws -> [UInt8] {
        try await GitCommand.run(["cat-file", "blob", object], in: directory(of: record)).output
    }
}
