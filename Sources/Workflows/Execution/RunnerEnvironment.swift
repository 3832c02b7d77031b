import Compute
import Foundation
import Git
import Logging
import SlipwayCore
import Synchronization

/// What every job on this server shares: where jobs' directories go, the sandbox they run in, the interpreters
/// `setup-python` offers, the image profiles `container:` maps to, the repositories they check out and the server's
/// own address.
final class RunnerEnvironment: Sendable {
    let root: URL
    let launcher: any JobLauncher
    let runtimes: PythonRuntimes
    /// The image profiles and their environments a job's `container:` image runs on.
    let profiles: ImageProfiles
    let environments: PythonEnvironments
    let forge: ForgeRepositories
    let clock: any WallClock
    let region: String
    let logger: Logger
    let runnerName = "slipway"
    private let address = Mutex<String?>(nil)

    init(root: URL, launcher: any JobLauncher, runtimes: PythonRuntimes, profiles: ImageProfiles, environments: PythonEnvironments, forge: ForgeRepositories, clock: any WallClock, region: String, logger: Logger) {
        self.root = root
        self.launcher = launcher
        self.runtimes = runtimes
        self.profiles = profiles
        self.environments = environments
        self.forge = forge
        self.clock = clock
        self.region = region
        self.logger = logger
    }

    func setAddress(_ value: String) { address.withLock { $0 = value } }

    /// `http://host:port` of this server, once it listens.
    var serverURL: String { "http://" + (address.withLock { $0 } ?? "127.0.0.1") }

    /// The mounts every step's sandbox gets besides the runner's home: the interpreters installed here, read-only.
    var interpreterMounts: [SandboxMount] {
        var mounts: [SandboxMount] = []
        for interpreter in runtimes.interpreters() {
            for mount in interpreter.sandboxMounts where !mounts.contains(mount) { mounts.append(mount) }
        }
        return mounts
    }
}
