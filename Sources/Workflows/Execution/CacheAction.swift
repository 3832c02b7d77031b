import Crypto
import Foundation
import Git

/// `actions/cache` (v3, v4), done natively: restore the newest cache of the key (or of the first `restore-keys`
/// prefix that matches) saved on this branch or the default branch, unpacked in the job's sandbox; and, when the
/// key did not hit, save the paths under it after the job succeeded (its post step). Caches never change once saved.
enum CacheAction {
    static let maxBytes = 10 << 30

    /// Packs the paths (globs, `~`, relative to the workspace) into a tarball, inside the sandbox.
    static let save = #"""
import glob, json, os, sys, tarfile
paths, archive, result = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3]
found = []
for raw in paths:
    pattern = os.path.expanduser(raw)
    if not pattern.startswith("/"):
        pattern = os.path.join(os.getcwd(), pattern)
    found.extend(glob.glob(pattern, recursive=True) if any(c in pattern for c in "*?[") else ([pattern] if os.path.lexists(pattern) else []))
with tarfile.open(archive, "w:gz") as tar:
    for path in sorted(set(found)):
        tar.add(path, arcname=os.path.abspath(path).lstrip("/"))
open(result, "w").write(str(len(found)))
"""#

    /// Unpacks a cache's tarball where its paths were, inside the sandbox (only the runner's home is writable there).
    static let restore = #"""
import sys, tarfile
with tarfile.open(sys.argv[1]) as tar:
    members = [m for m in tar.getmembers() if m.name.startswith("home/runner/") or m.name == "home/runner"]
    tar.extractall("/", members=members, filter="data")
    print(f"Cache restored: {len(members)} entries")
"""#

    static func directory(_ step: StepExecution) -> URL { step.environment.root.appendingPathComponent("caches", isDirectory: true) }

    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func version(_ paths: [String]) -> String {
        SHA256.hash(data: Data((paths + ["gzip"]).joined(separator: "|").utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func run(_ step: StepExecution, inputs: [String: String], scope: inout JobRunner.Scope, variables: [String: String], files: StepFiles, limit: TimeInterval) async throws -> String {
        guard let key = inputs["key"], !key.isEmpty else {
            step.log.write("##[error]Input required and not supplied: key")
            return "failure"
        }
        guard key.count <= 512, !key.contains(",") else {
            step.log.write("##[error]Key Validation Error: \(key) cannot be larger than 512 characters or contain commas.")
            return "failure"
        }
        let paths = lines(inputs["path"])
        guard !paths.isEmpty else {
            step.log.write("##[error]Input required and not supplied: path")
            return "failure"
        }
        let run = scope.assignment.run
        let version = version(paths)
        var refs = [run.ref]
        if let repository = try await step.environment.forge.repository(arn: run.repositoryArn), let main = try await step.environment.forge.defaultBranch(repository) {
            if "refs/heads/" + main != run.ref { refs.append("refs/heads/" + main) }
        }
        let candidates = try await step.runner.store.caches(repositoryArn: run.repositoryArn, refs: refs).filter { $0.version == version }
            .sorted { (refs.firstIndex(of: $0.ref) ?? 9, -$0.id) < (refs.firstIndex(of: $1.ref) ?? 9, -$1.id) }
        let exact = candidates.first { $0.key == key }
        let matched = exact ?? lines(inputs["restore-keys"]).lazy.compactMap { prefix in candidates.first { $0.key.hasPrefix(prefix) } }.first
        scope.pendingOutputs["cache-primary-key"] = key
        if let matched {
            if inputs["lookup-only"] != "true" {
                guard let interpreter = step.environment.runtimes.interpreters().first else { throw StepFailure("actions/cache needs a Python 3 interpreter on this runner.") }
                let work = "\(step.directories.temp)/_cache"
                try step.directories.makeDirectory(work)
                let copy = "\(work)/\(UUID().uuidString.lowercased()).tgz"
                try step.directories.create(copy, copying: directory(step).appendingPathComponent("\(matched.id).tgz"))
                let outcome = try await step.execute(
                    [interpreter.program, "-I", "-c", restore, copy], directory: step.directories.workspace, scope: &scope, variables: variables, files: files,
                    limit: limit
                )
                guard outcome == "success" else { return outcome }
            }
            step.log.write("Cache restored from key: \(matched.key)")
            scope.pendingOutputs["cache-hit"] = exact != nil ? "true" : "false"
            scope.pendingOutputs["cache-matched-key"] = matched.key
        } else {
            step.log.write("Cache not found for input keys: \(([key] + lines(inputs["restore-keys"])).joined(separator: ", "))")
            scope.pendingOutputs["cache-hit"] = "false"
            if inputs["fail-on-cache-miss"] == "true" {
                step.log.write("##[error]Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: \(key)")
                return "failure"
            }
        }
        if exact == nil, inputs["lookup-only"] != "true" {
            scope.postSteps.append(JobRunner.PostStep(name: "Post \(step.step.displayName)", kind: .saveCache(key: key, paths: paths, version: version)))
        }
        return "success"
    }

    /// The post step: saves the paths under the key, unless another job saved it first.
    static func saveCache(_ step: StepExecution, key: String, paths: [String], version: String, scope: inout JobRunner.Scope, limit: TimeInterval) async throws -> String {
        guard let interpreter = step.environment.runtimes.interpreters().first else { throw StepFailure("actions/cache needs a Python 3 interpreter on this runner.") }
        let files = StepFiles(directory: step.directories.fileCommands, step: step.number)
        try step.directories.makeDirectory(step.directories.fileCommands)
        for path in files.all { try step.directories.create(path, contents: []) }
        let work = "\(step.directories.temp)/_cache"
        try step.directories.makeDirectory(work)
        let archive = "\(work)/\(UUID().uuidString.lowercased()).tgz"
        let result = archive + ".result"
        try step.directories.create(result, contents: [])
        let pathsJSON = String(decoding: try JSONSerialization.data(withJSONObject: paths), as: UTF8.self)
        let outcome = try await step.execute(
            [interpreter.program, "-I", "-c", save, pathsJSON, archive, result], directory: step.directories.workspace, scope: &scope, variables: scope.env,
            files: files, limit: limit
        )
        guard outcome == "success" else { return outcome }
        guard (Int(step.directories.read(result)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0) > 0 else {
            step.log.write("##[warning]Path Validation Error: Path(s) specified in the action for caching do(es) not exist, hence no cache is being saved.")
            return "success"
        }
        try FileManager.default.createDirectory(at: directory(step), withIntermediateDirectories: true)
        let staged = directory(step).appendingPathComponent("save-\(UUID().uuidString).tgz")
        defer { try? FileManager.default.removeItem(at: staged) }
        guard try step.directories.copyOut(archive, to: staged, limit: maxBytes) else { throw StepFailure("The cache's archive was not made.") }
        let size = (try? FileManager.default.attributesOfItem(atPath: staged.path)[.size] as? Int) ?? 0
        let run = scope.assignment.run
        let now = step.environment.clock.now()
        guard let saved = try await step.runner.store.insert(CacheRecord(
            id: 0, repositoryArn: run.repositoryArn, ref: run.ref, key: key, version: version, size: size, created: now, lastAccessed: now
        )) else {
            step.log.write("##[warning]Failed to save: Unable to reserve cache with key \(key), another job may be creating this cache.")
            return "success"
        }
        try FileManager.default.moveItem(at: staged, to: directory(step).appendingPathComponent("\(saved.id).tgz"))
        step.log.write("Cache saved with key: \(key)")
        return "success"
    }
}
