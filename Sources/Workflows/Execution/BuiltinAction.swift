import Compute
import Foundation

/// The actions this runner provides natively (no Node, nothing downloaded): each stands for its GitHub original at
/// the major versions named, with the same inputs and outputs.
enum BuiltinAction: Sendable, Equatable {
    case checkout
    case setupPython
    case configureAWSCredentials
    case uploadArtifact(version: String)
    case downloadArtifact
    case cache

    /// The action a `uses:` reference names, or nil when the runner does not provide it.
    init?(_ reference: String) {
        let parts = reference.split(separator: "@", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let name = parts[0].lowercased(), version = String(parts[1])
        switch name {
        case "actions/checkout" where ["v2", "v3", "v4", "v5"].contains(Self.major(version)): self = .checkout
        case "actions/setup-python" where ["v4", "v5"].contains(Self.major(version)): self = .setupPython
        case "aws-actions/configure-aws-credentials" where ["v1", "v2", "v3", "v4"].contains(Self.major(version)): self = .configureAWSCredentials
        case "actions/upload-artifact" where ["v3", "v4"].contains(Self.major(version)): self = .uploadArtifact(version: Self.major(version))
        case "actions/download-artifact" where ["v3", "v4"].contains(Self.major(version)): self = .downloadArtifact
        case "actions/cache" where ["v3", "v4"].contains(Self.major(version)): self = .cache
        default: return nil
        }
    }

    /// `v4` of `v4`, `v4.1.1` or `v4.1`.
    static func major(_ version: String) -> String {
        String(version.prefix { $0 != "." })
    }

    static func unsupportedMessage(_ reference: String) -> String {
        "Unable to resolve action `\(reference)`: this runner runs no downloaded actions. It provides actions/checkout (v2-v5), actions/setup-python (v4, v5), aws-actions/configure-aws-credentials (v1-v4) actions/upload-artifact, actions/download-artifact and actions/cache (v3, v4); local composite actions (uses: ./path) run too."
    }

    func run(_ step: StepExecution, inputs: [String: String], scope: inout JobRunner.Scope, variables: [String: String], files: StepFiles, limit: TimeInterval) async throws -> String {
        switch self {
        case .checkout: return try await Self.checkout(step, inputs: inputs, scope: &scope, variables: variables, files: files, limit: limit)
        case .setupPython: return try await Self.setupPython(step, inputs: inputs, scope: &scope, variables: variables, files: files, limit: limit)
        case .configureAWSCredentials:
            return try await AWSCredentialsAction.run(step, inputs: inputs, scope: &scope, variables: variables, files: files, limit: limit)
        case .uploadArtifact(let version):
            return try await ArtifactActions.upload(step, inputs: inputs, version: version, scope: &scope, variables: variables, files: files, limit: limit)
        case .downloadArtifact:
            return try await ArtifactActions.download(step, inputs: inputs, scope: &scope, variables: variables, files: files, limit: limit)
        case .cache:
            return try await CacheAction.run(step, inputs: inputs, scope: &scope, variables: variables, files: files, limit: limit)
        }
    }

    /// Where a sandbox sees the repository a checkout fetches from (read-only).
    static let repositoryMount = "/opt/slipway/repository.git"

    /// `actions/checkout`: the run's repository at the run's commit (or `ref`), with full history and tags, `origin`
    /// pointing at the forge. Git runs inside the job's sandbox, fetching from the bare repository mounted read-only.
    static func checkout(_ step: StepExecution, inputs: [String: String], scope: inout JobRunner.Scope, variables: [String: String], files: StepFiles, limit: TimeInterval) async throws -> String {
        let run = scope.assignment.run
        let forge = step.environment.forge
        if let other = inputs["repository"], !other.isEmpty, other.lowercased() != run.fullName.lowercased() {
            throw StepFailure("actions/checkout here checks out the run's own repository (\(run.fullName)); '\(other)' cannot be fetched.")
        }
        guard let repository = try await forge.repository(arn: run.repositoryArn) else { throw StepFailure("The repository \(run.fullName) no longer exists.") }
        var commit = run.headSha
        var branch = run.headBranch
        if let ref = inputs["ref"], !ref.isEmpty {
            guard let found = try await forge.commit(repository, ref) else {
                throw StepFailure("A branch or tag with the name '\(ref)' could not be found")
            }
            commit = found
            let name = ref.hasPrefix("refs/heads/") ? String(ref.dropFirst(11)) : ref
            branch = try await forge.commit(repository, "refs/heads/" + name) == found ? name : nil
        }
        let relative = inputs["path"].flatMap { $0.isEmpty ? nil : $0 } ?? ""
        guard !relative.split(separator: "/").contains("..") else { throw StepFailure("Repository path '\(relative)' is not under '\(step.directories.workspace)'") }
        let target = relative.isEmpty ? step.directories.workspace : step.directories.workspace + "/" + relative
        step.log.write(["Syncing repository: \(run.fullName)", "Getting Git version info", "Initializing the repository", "Fetching the repository"])
        let origin = "\(step.environment.serverURL)/\(run.fullName).git"
        // Values reach git as arguments, never as script text.
        let script = """
            set -e
            # The repository is mounted read-only and owned by another user: git trusts it for this fetch only.
            trust="$(mktemp)"; printf '[safe]\n\tdirectory = *\n' > "$trust"
            git() { GIT_CONFIG_GLOBAL="$trust" command git -c protocol.file.allow=always "$@"; }
            mkdir -p "$1" && cd "$1"
            git init -q
            git fetch --no-tags --prune --no-recurse-submodules \(repositoryMount) '+refs/heads/*:refs/remotes/origin/*' '+refs/tags/*:refs/tags/*'
            if [ -n "$3" ]; then git checkout --progress --force -B "$3" "$2"; else git checkout --progress --force "$2"; fi
            git remote add origin "$4" 2>/dev/null || git remote set-url origin "$4"
            if [ -n "$5" ]; then
              git config --local "http.$4.extraheader" "AUTHORIZATION: basic $(printf 'x-access-token:%s' "$5" | base64 -w0)"
            fi
            git log -1 --format="'%H' %s"
            """
        // As actions/checkout does, the job's token stays in the clone's config so later steps can fetch and push.
        let persisted = inputs["persist-credentials"] == "false" ? "" : (inputs["token"].flatMap { $0.isEmpty ? nil : $0 } ?? scope.secrets["GITHUB_TOKEN"] ?? "")
        let bare = try await forge.bareDirectory(repository)
        let outcome = try await step.execute(
            ["/usr/bin/bash", "-c", script, "checkout", target, commit, branch ?? "", origin, persisted], directory: step.directories.workspace, scope: &scope, variables: variables, files: files,
            limit: limit, extraMounts: [.readOnly(host: bare.path, at: repositoryMount)]
        )
        if outcome == "success" {
            scope.pendingOutputs["ref"] = branch.map { "refs/heads/" + $0 } ?? commit
            scope.pendingOutputs["commit"] = commit
        }
        return outcome
    }

    /// `actions/setup-python`: the installed interpreter of the version asked for, in a fresh virtual environment in
    /// the tool cache (so `pip install` works), first on `PATH`.
    static func setupPython(_ step: StepExecution, inputs: [String: String], scope: inout JobRunner.Scope, variables: [String: String], files: StepFiles, limit: TimeInterval) async throws -> String {
        var wanted = inputs["python-version"] ?? ""
        if wanted.isEmpty, let file = inputs["python-version-file"], !file.isEmpty {
            wanted = step.directories.read(step.directories.workspace + "/" + file)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        }
        let installed = step.environment.runtimes.interpreters()
        let available = installed.map { "3.\($0.minor)" }.joined(separator: ", ")
        let chosen: PythonRuntimes.Interpreter?
        let parts = wanted.split(separator: ".")
        if wanted.isEmpty || wanted == "3.x" || wanted == "3" || wanted == "x" {
            chosen = installed.max { $0.minor < $1.minor }
        } else if parts.count >= 2, parts[0] == "3", let minor = Int(parts[1].prefix { $0.isNumber }) {
            chosen = installed.first { $0.minor == minor }
        } else {
            chosen = nil
        }
        guard let interpreter = chosen else {
            step.log.write("##[error]The version '\(wanted)' with architecture '\(JobRunner.architecture.lowercased())' was not found for this operating system. This runner has Python \(available.isEmpty ? "none" : available) installed.")
            return "failure"
        }
        let version = "3.\(interpreter.minor)"
        let location = "\(step.directories.toolCache)/Python/\(version)/\(JobRunner.architecture.lowercased())"
        step.log.write("Successfully set up CPython (\(version)) from the interpreter installed on this runner")
        let outcome = try await step.execute(
            [interpreter.program, "-m", "venv", location], directory: step.directories.workspace, scope: &scope, variables: variables, files: files, limit: limit
        )
        guard outcome == "success" else { return outcome }
        scope.paths.insert(location + "/bin", at: 0)
        for name in ["pythonLocation", "Python_ROOT_DIR", "Python2_ROOT_DIR", "Python3_ROOT_DIR"] { scope.env[name] = location }
        scope.env["PKG_CONFIG_PATH"] = location + "/lib/pkgconfig"
        scope.pendingOutputs["python-version"] = version
        scope.pendingOutputs["python-path"] = location + "/bin/python"
        return outcome
    }
}
