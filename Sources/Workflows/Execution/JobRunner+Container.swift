import Compute
import Foundation

extension JobRunner {
    /// Where a job's container image is seen inside its sandbox: the image profile's Python, in the runner's home.
    static let containerPath = JobDirectories.home + "/_container"

    /// `container:` — a job's image, run as Slipway runs SageMaker's images: the image profile that stands for it gives
    /// the job its Python environment (built once per server, its output in the job's log), first on `PATH`, and the
    /// container's `env` joins the job's. Settings only a container engine has (ports, volumes, options) are refused.
    func prepareContainer(_ definition: JobDefinition, scope: inout Scope, directories: JobDirectories, log: JobLog) async throws {
        guard let written = definition.container else { return }
        var image: String?
        var variables: [String: String] = [:]
        let evaluator = ExpressionEvaluator(context: scope.context())
        switch written {
        case .string(let text):
            image = try evaluator.interpolate(text)
        case .object(let settings):
            for (key, value) in settings {
                switch (key, value) {
                case ("image", .string(let text)): image = try evaluator.interpolate(text)
                case ("env", .object(let entries)):
                    for (name, entry) in entries { variables[name] = try evaluator.interpolate(entry.stringValue) }
                case ("credentials", _): continue
                default:
                    throw StepFailure("This runner does not support 'container.\(key)' in job '\(definition.id)': a container's image maps to an image profile on the Slipway host.")
                }
            }
        default:
            break
        }
        guard let image, !image.isEmpty else { throw StepFailure("The job '\(definition.id)' names a container without an image.") }
        guard let profile = environment.profiles.profile(for: image) else {
            throw StepFailure(ImageProfiles.unprofiled(image))
        }
        log.write("##[group]Preparing container \(image) (image profile '\(profile.name)')")
        let built: PythonEnvironments.Environment
        do {
            built = try await environment.environments.environment(for: profile) { line in log.write(line) }
        } catch let failure as PythonEnvironments.Failure {
            log.write("##[endgroup]")
            throw StepFailure(failure.description)
        }
        guard let host = directories.hostURL(Self.containerPath) else { throw StepFailure("The runner's directory \(Self.containerPath) is not usable.") }
        let view = try environment.environments.jobView(of: built, in: host, at: Self.containerPath)
        log.write("Python: \(view.python)")
        log.write("##[endgroup]")
        scope.containerMounts = view.mounts
        scope.paths.append(view.bin)
        scope.env.merge(variables) { _, container in container }
    }
}
