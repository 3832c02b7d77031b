import Foundation
import Synchronization

/// The Python interpreters on this machine (for Lambda runtimes and job images), found on `PATH`, and which one runs a `python3.x` runtime: the same
/// minor version when installed, else the nearest (preferring newer), with the reason said.
public final class PythonRuntimes: Sendable {
    /// An interpreter and its version.
    public struct Interpreter: Sendable, Equatable {
        /// The interpreter as found on `PATH` (possibly a wrapper, such as pyenv's shims).
        public var executable: String
        public var minor: Int
        /// The interpreter's own binary (`sys.executable`), which a sandbox runs directly.
        public var program: String
        /// The installation's directories (`sys.prefix`, `sys.base_prefix`), which a sandbox sees read-only.
        public var prefixes: [String]

        public init(executable: String, minor: Int, program: String? = nil, prefixes: [String] = []) {
            self.executable = executable
            self.minor = minor
            self.program = program ?? executable
            self.prefixes = prefixes
        }
    }

    /// The interpreter chosen for a runtime, and why it is not the one named (nil when it is).
    public struct Choice: Sendable, Equatable {
        public var interpreter: Interpreter
        public var reason: String?

        public init(interpreter: Interpreter, reason: String?) {
            self.interpreter = interpreter
            self.reason = reason
        }
    }

    /// Every runtime Lambda knows; only the `python3.x` ones run here.
    public static let knownRuntimes: [String] = [
        "nodejs", "nodejs4.3", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x", "java8", "java8.al2", "java11",
        "python2.7", "python3.6", "python3.7", "python3.8", "python3.9", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1",
        "dotnet6", "dotnet8", "nodejs4.3-edge", "go1.x", "ruby2.5", "ruby2.7", "provided", "provided.al2", "nodejs18.x", "python3.10", "java17",
        "ruby3.2", "ruby3.3", "ruby3.4", "python3.11", "nodejs20.x", "provided.al2023", "python3.12", "java21", "python3.13", "nodejs22.x",
        "nodejs24.x", "python3.14", "java25", "dotnet10", "ruby4.0",
    ]

    private let found: Mutex<[Interpreter]?> = Mutex(nil)
    private let searchPath: String

    public init(searchPath: String? = ProcessInfo.processInfo.environment["PATH"]) {
        self.searchPath = searchPath ?? "/usr/local/bin:/usr/bin:/bin"
    }

    /// The minor version a `python3.x` runtime names; nil for other runtimes.
    public static func minorVersion(of runtime: String) -> Int? {
        guard runtime.hasPrefix("python3.") else { return nil }
        return Int(runtime.dropFirst("python3.".count))
    }

    /// The interpreter for `runtime`, or nil when no Python 3 is installed or the runtime is not Python 3.
    public func choose(for runtime: String) -> Choice? {
        guard let wanted = Self.minorVersion(of: runtime) else { return nil }
        return Self.choose(minor: wanted, runtime: runtime, among: interpreters())
    }

    public static func choose(minor wanted: Int, runtime: String, among interpreters: [Interpreter]) -> Choice? {
        if let exact = interpreters.first(where: { $0.minor == wanted }) { return Choice(interpreter: exact, reason: nil) }
        let nearest = interpreters.min { lhs, rhs in
            let left = abs(lhs.minor - wanted), right = abs(rhs.minor - wanted)
            return left != right ? left < right : lhs.minor > rhs.minor
        }
        return nearest.map {
            Choice(interpreter: $0, reason: "\(runtime) is not installed on this machine; the function runs on Python 3.\($0.minor), the nearest local version.")
        }
    }

    /// The interpreters on `PATH` in search order, each minor version once.
    public func interpreters() -> [Interpreter] {
        if let cached = found.withLock({ $0 }) { return cached }
        var result: [Interpreter] = []
        var seenFiles = Set<String>()
        let manager = FileManager.default
        for directory in searchPath.split(separator: ":").map(String.init) where !directory.isEmpty {
            guard let names = try? manager.contentsOfDirectory(atPath: directory) else { continue }
            let candidates = names.filter { $0 == "python3" || ($0.hasPrefix("python3.") && Int($0.dropFirst(8)) != nil) }.sorted()
            for name in candidates {
                let path = directory + "/" + name
                let real = (try? manager.destinationOfSymbolicLink(atPath: path)).map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: directory)).path } ?? path
                guard manager.isExecutableFile(atPath: path), seenFiles.insert(real).inserted, let probed = Self.probe(path) else { continue }
                if !result.contains(where: { $0.minor == probed.minor }) { result.append(probed) }
            }
        }
        found.withLock { $0 = result }
        return result
    }

    /// Asks an interpreter its version, its own binary and its installation's directories.
    private static func probe(_ executable: String) -> Interpreter? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-c", "import sys; print(sys.version_info[0], sys.version_info[1]); print(sys.executable); print(sys.prefix); print(sys.base_prefix)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        let parts = lines.first?.split(separator: " ") ?? []
        guard lines.count == 4, parts.count == 2, parts[0] == "3", let minor = Int(parts[1]), lines[1].hasPrefix("/") else { return nil }
        var prefixes: [String] = []
        for prefix in lines[2...] where prefix.hasPrefix("/") && !prefixes.contains(prefix) { prefixes.append(prefix) }
        return Interpreter(executable: executable, minor: minor, program: lines[1], prefixes: prefixes)
    }

}

extension PythonRuntimes.Interpreter {
    /// The read-only mounts a sandbox needs to run this interpreter: its installation, unless the system directories
    /// already hold it.
    public var sandboxMounts: [SandboxMount] {
        prefixes.filter { prefix in !SandboxCommand.systemPaths.contains(where: { prefix == $0 || prefix.hasPrefix($0 + "/") }) }
            .map { .readOnly(host: $0, at: $0) }
    }
}
