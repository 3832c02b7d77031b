import Foundation
/// How a sandbox is made with bubblewrap: the `bwrap` command line for a spec, as a pure function of the spec, the
/// host's system directories and who the sandbox runs as, so it can be checked without starting anything.
public struct SandboxCommand: Sendable, Equatable {
    /// Who the sandboxed process runs as.
    public enum Identity: Sendable, Equatable {
        /// The server runs as root: the process drops to this unprivileged host user and group (`setpriv`), with no
        /// capabilities and no way to gain any.
        case hostUser(uid: UInt32)
        /// The server runs unprivileged: a user namespace of its own (the process keeps no capability outside it).
        case userNamespace
    }

    /// A host path the sandbox's read-only system root is made of, and what it is.
    public enum SystemEntry: Sendable, Equatable {
        case directory(String)
        case file(String)
        /// A symbolic link (e.g. `/bin -> usr/bin` on merged-/usr systems), re-created as a link.
        case link(String, target: String)
    }

    public var bwrap: String
    public var setpriv: String
    public var prlimit: String
    public var system: [SystemEntry]
    public var identity: Identity

    public init(bwrap: String, setpriv: String = "/usr/bin/setpriv", prlimit: String = "/usr/bin/prlimit", system: [SystemEntry], identity: Identity) {
        self.bwrap = bwrap
        self.setpriv = setpriv
        self.prlimit = prlimit
        self.system = system
        self.identity = identity
    }

    /// The host paths a sandbox's system root may contain: programs and libraries, and the few files of `/etc` that
    /// name resolution, TLS, time zones and Python need. Never the server's data, home directories or keys.
    public static let systemPaths: [String] = [
        "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
        "/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives", "/etc/resolv.conf", "/etc/hosts",
        "/etc/host.conf", "/etc/gai.conf", "/etc/nsswitch.conf", "/etc/services", "/etc/protocols", "/etc/passwd", "/etc/group",
        "/etc/ssl", "/etc/ca-certificates", "/etc/ca-certificates.conf", "/etc/pki", "/etc/localtime", "/etc/timezone",
        "/etc/mime.types", "/etc/os-release", "/etc/debian_version", "/etc/pip.conf", "/etc/python3", "/etc/python3.8", "/etc/python3.9",
        "/etc/python3.10", "/etc/python3.11", "/etc/python3.12", "/etc/python3.13", "/etc/python3.14",
    ]

    /// The `bwrap` argument vector (without `bwrap` itself) that runs `spec`.
    public func arguments(for spec: SandboxSpec) -> [String] {
        var args: [String] = []
        switch identity {
        case .hostUser:
            args += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
        case .userNamespace:
            args += ["--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--disable-userns"]
        }
        args += ["--die-with-parent", "--new-session", "--hostname", "sandbox"]
        // The directories holding system files (`/etc`) are made world-readable first: bubblewrap would make them 0700.
        var parents: [String] = []
        for entry in system {
            switch entry {
            case .file(let path), .link(let path, _):
                let parent = (path as NSString).deletingLastPathComponent
                if parent != "/", !parents.contains(parent) { parents.append(parent) }
            case .directory: break
            }
        }
        for parent in parents { args += ["--perms", "0755", "--dir", parent] }
        for entry in system {
            switch entry {
            case .directory(let path), .file(let path): args += ["--ro-bind", path, path]
            case .link(let path, let target): args += ["--symlink", target, path]
            }
        }
        args += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--tmpfs", "/dev/shm"]
        if !spec.mounts.contains(where: { $0.path == "/tmp" }) {
            args += ["--perms", "1777", "--size", String(64 << 20), "--tmpfs", "/tmp"]
        }
        // Directories leading to a mount are made world-readable, just before it: bubblewrap would make them with the
        // host's modes or 0700 (a 0700 home directory would hide an interpreter installed beneath it from the sandbox's
        // user), and a scratch directory mounted earlier hides whatever was made beneath its path before it.
        var made: Set<String> = []
        // Parents before children, whatever order the spec lists them in: a directory mounted over another mount's
        // path would hide it.
        let ordered = spec.mounts.enumerated().sorted { left, right in
            let (a, b) = (left.element.path.split(separator: "/").count, right.element.path.split(separator: "/").count)
            return a != b ? a < b : left.offset < right.offset
        }.map(\.element)
        for mount in ordered {
            for ancestor in Self.ancestors(of: mount.path) where made.insert(ancestor).inserted {
                args += ["--perms", "0755", "--dir", ancestor]
            }
            switch mount {
            case .readOnly(let host, let path): args += ["--ro-bind", host, path]
            case .writable(let host, let path): args += ["--bind", host, path]
            case .scratch(let path, let bytes):
                args += ["--perms", "1777", "--size", String(bytes), "--tmpfs", path]
                made = made.filter { !$0.hasPrefix(path + "/") }
                made.insert(path)
            }
        }
        args += ["--chdir", spec.workingDirectory]
        var limits = spec.limits
        switch identity {
        case .hostUser(let uid):
            args += ["--", setpriv, "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]
        case .userNamespace:
            // The sandbox shares its host user with the server, whose threads would count against a process limit.
            limits.processes = nil
            args += ["--cap-drop", "ALL", "--"]
        }
        let options = limits.prlimitOptions
        if !options.isEmpty { args += [prlimit] + options + ["--"] }
        // Variables that steer the dynamic loader reach only the user's command, set by `env` after privileges are
        // dropped: in bubblewrap, setpriv or prlimit (root on the host, or root in the sandbox before setpriv) they
        // would load the user's code with those rights.
        let loader = spec.environment.filter { Self.isLoaderVariable($0.key) }.sorted { $0.key < $1.key }
        if !loader.isEmpty { args += ["/usr/bin/env"] + loader.map { "\($0.key)=\($0.value)" } }
        return args + spec.command
    }

    /// Whether a variable steers the dynamic loader or glibc's loading of code and files (glibc's list of variables
    /// it ignores for setuid programs, and every `LD_` one).
    public static func isLoaderVariable(_ name: String) -> Bool {
        name.hasPrefix("LD_") || unsecureVariables.contains(name)
    }

    static let unsecureVariables: Set<String> = [
        "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH", "MALLOC_ARENA_MAX", "MALLOC_ARENA_TEST",
        "MALLOC_PERTURB_", "MALLOC_TRACE", "MALLOC_TOP_PAD_", "MALLOC_MMAP_THRESHOLD_", "MALLOC_MMAP_MAX_", "MALLOC_TRIM_THRESHOLD_", "NIS_PATH",
        "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR", "TZDIR",
    ]

    /// The environment bubblewrap itself runs with: the spec's, without the loader's variables (which `arguments`
    /// hands to the user's command alone).
    public static func processEnvironment(for spec: SandboxSpec) -> [String: String] {
        spec.environment.filter { !isLoaderVariable($0.key) }
    }

    /// The directories above `path`, outermost first, that the system root does not already provide.
    static func ancestors(of path: String) -> [String] {
        let parts = path.split(separator: "/").dropLast()
        var result: [String] = []
        var current = ""
        for part in parts {
            current += "/" + part
            if systemPaths.contains(where: { current == $0 || current.hasPrefix($0 + "/") }) || current == "/etc" { continue }
            result.append(current)
        }
        return result
    }
}
