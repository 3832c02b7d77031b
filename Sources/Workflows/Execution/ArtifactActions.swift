import Crypto
import Foundation

/// `actions/upload-artifact` and `actions/download-artifact` (v3, v4), done natively: files zipped in the job's
/// sandbox and kept in the data directory with the run; downloaded into the sandbox the same way. v4's rule holds:
/// one artifact of a name per run, unless `overwrite`.
enum ArtifactActions {
    static let maxBytes = 2 << 30

    static func directory(_ step: StepExecution) -> URL { step.environment.root.appendingPathComponent("artifacts", isDirectory: true) }

    static func file(_ step: StepExecution, id: Int) -> URL { directory(step).appendingPathComponent("\(id).zip") }

    /// GitHub's rule for artifact names.
    static func validName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 255 && !name.contains { "\"\\/:<>|*?\r\n".contains($0) }
    }

    static func upload(_ step: StepExecution, inputs: [String: String], version: String, scope: inout JobRunner.Scope, variables: [String: String], files: StepFiles, limit: TimeInterval) async throws -> String {
        let name = inputs["name"].flatMap { $0.isEmpty ? nil : $0 } ?? "artifact"
        guard validName(name) else {
            step.log.write("##[error]The artifact name is not valid: \(name). Contains the following character: one of \" : < > | * ? \\r \\n \\ /")
            return "failure"
        }
        let patterns = (inputs["path"] ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !patterns.isEmpty else {
            step.log.write("##[error]Input required and not supplied: path")
            return "failure"
        }
        let run = scope.assignment.run
        let existing = try await step.runner.store.artifacts(runID: run.id).filter { $0.name == name }
        if version == "v4", !existing.isEmpty, inputs["overwrite"] != "true" {
            step.log.write("##[error]Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run")
            return "failure"
        }
        let work = "\(step.directories.temp)/_artifacts"
        try step.directories.makeDirectory(work)
        let archive = "\(work)/\(UUID().uuidString.lowercased()).zip"
        let result = archive + ".result"
        try step.directories.create(result, contents: [])
        guard let interpreter = step.environment.runtimes.interpreters().first else { throw StepFailure("Artifacts need a Python 3 interpreter on this runner, and none is installed.") }
        let hidden = inputs["include-hidden-files"] == "true" ? "true" : "false"
        let patternsJSON = String(decoding: try JSONSerialization.data(withJSONObject: patterns), as: UTF8.self)
        let outcome = try await step.execute(
            [interpreter.program, "-I", "-c", ArtifactScripts.upload, patternsJSON, archive, hidden, result], directory: step.directories.workspace,
            scope: &scope, variables: variables, files: files, limit: limit
        )
        guard outcome == "success" else { return outcome }
        let count = Int(step.directories.read(result)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
        guard count > 0 else {
            let message = "No files were found with the provided path: \(patterns.joined(separator: "\n")). No artifacts will be uploaded."
            switch inputs["if-no-files-found"] ?? "warn" {
            case "error":
                step.log.write("##[error]\(message)")
                return "failure"
            case "ignore":
                step.log.write(message)
            default:
                step.log.write("##[warning]\(message)")
            }
            return "success"
        }
        try FileManager.default.createDirectory(at: directory(step), withIntermediateDirectories: true)
        let staged = directory(step).appendingPathComponent("upload-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: staged) }
        guard try step.directories.copyOut(archive, to: staged, limit: maxBytes) else { throw StepFailure("The artifact's archive was not made.") }
        var hasher = SHA256()
        var size = 0
        let reader = try FileHandle(forReadingFrom: staged)
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += chunk.count
        }
        try reader.close()
        let digest = "sha256:" + hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let now = step.environment.clock.now()
        let days = min(max(Int(inputs["retention-days"] ?? "") ?? 90, 1), 90)
        for old in existing {
            try await step.runner.store.deleteArtifact(old.id)
            try? FileManager.default.removeItem(at: file(step, id: old.id))
        }
        let record = try await step.runner.store.insert(ArtifactRecord(
            id: 0, runID: run.id, repositoryArn: run.repositoryArn, name: name, size: size, digest: digest, created: now,
            expires: now.addingTimeInterval(TimeInterval(days) * 86_400)
        ))
        try FileManager.default.moveItem(at: staged, to: file(step, id: record.id))
        step.log.write(["With the provided path, there will be \(count) file\(count == 1 ? "" : "s") uploaded", "Artifact \(name) has been successfully uploaded! Final size is \(size) bytes. Artifact ID is \(record.id)", "Artifact download URL: \(step.environment.serverURL)/\(run.fullName)/actions/runs/\(run.id)/artifacts/\(record.id)"])
        scope.pendingOutputs["artifact-id"] = String(record.id)
        scope.pendingOutputs["artifact-url"] = "\(step.environment.serverURL)/\(run.fullName)/actions/runs/\(run.id)/artifacts/\(record.id)"
        scope.pendingOutputs["artifact-digest"] = String(digest.dropFirst(7))
        return "success"
    }

    static func download(_ step: StepExecution, inputs: [String: String], scope: inout JobRunner.Scope, variables: [String: String], files: StepFiles, limit: TimeInterval) async throws -> String {
        let run = scope.assignment.run
        if let other = inputs["run-id"], !other.isEmpty, other != String(run.id) {
            step.log.write("##[error]This runner downloads artifacts of the same run only (run-id \(other) was asked for).")
            return "failure"
        }
        var artifacts = try await step.runner.store.artifacts(runID: run.id)
        let name = inputs["name"].flatMap { $0.isEmpty ? nil : $0 }
        if let name {
            artifacts = artifacts.filter { $0.name == name }
            guard !artifacts.isEmpty else {
                step.log.write("##[error]Unable to download artifact(s): Artifact not found for name: \(name)")
                return "failure"
            }
        } else if let pattern = inputs["pattern"], !pattern.isEmpty {
            let filter = FilterPattern(pattern)
            artifacts = artifacts.filter { filter.matches($0.name) }
        }
        var target = inputs["path"].flatMap { $0.isEmpty ? nil : $0 } ?? step.directories.workspace
        if target.hasPrefix("~") { target = JobDirectories.home + target.dropFirst() }
        if !target.hasPrefix("/") { target = step.directories.workspace + "/" + target }
        guard let interpreter = step.environment.runtimes.interpreters().first else { throw StepFailure("Artifacts need a Python 3 interpreter on this runner, and none is installed.") }
        let work = "\(step.directories.temp)/_artifacts"
        try step.directories.makeDirectory(work)
        let merge = inputs["merge-multiple"] == "true"
        for artifact in artifacts {
            let copy = "\(work)/download-\(artifact.id)-\(UUID().uuidString.lowercased()).zip"
            try step.directories.create(copy, copying: file(step, id: artifact.id))
            let destination = name != nil || merge ? target : target + "/" + artifact.name
            let outcome = try await step.execute(
                [interpreter.program, "-I", "-c", ArtifactScripts.download, copy, destination], directory: step.directories.workspace, scope: &scope,
                variables: variables, files: files, limit: limit
            )
            guard outcome == "success" else { return outcome }
        }
        step.log.write("Total of \(artifacts.count) artifact(s) downloaded")
        scope.pendingOutputs["download-path"] = target
        return "success"
    }
}
