import Compute
import Testing

@Suite("Sandbox command line")
struct SandboxCommandTests {
    let system: [SandboxCommand.SystemEntry] = [.directory("/usr"), .link("/bin", target: "usr/bin"), .file("/etc/resolv.conf")]
    let spec = SandboxSpec(
        command: ["/usr/bin/python3", "-u", "/var/runtime/bootstrap.py"], environment: ["A": "1"], workingDirectory: "/var/task",
        mounts: [.readOnly(host: "/data/lambda/code/abc", at: "/var/task"), .writable(host: "/data/jobs/j1", at: "/opt/ml"), .scratch(at: "/tmp", bytes: 1 << 20)],
        limits: SandboxLimits(dataBytes: 128 << 20, cpuSeconds: nil, openFiles: 1024, processes: 64)
    )

    @Test func asRootItDropsToItsOwnUserAfterTheMounts() {
        let args = SandboxCommand(bwrap: "/usr/bin/bwrap", system: system, identity: .hostUser(uid: 910_007)).arguments(for: spec)
        #expect(args.starts(with: ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent", "--new-session"]))
        #expect(!args.contains("--unshare-net"))
        let separator = args.firstIndex(of: "--")!
        #expect(Array(args[separator...].prefix(8)) == [
            "--", "/usr/bin/setpriv", "--reuid=910007", "--regid=910007", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
        ])
        #expect(Array(args.suffix(8)) == [
            "/usr/bin/prlimit", "--data=134217728:134217728", "--nofile=1024:1024", "--nproc=64:64", "--", "/usr/bin/python3", "-u", "/var/runtime/bootstrap.py",
        ])
    }

    @Test func loaderVariablesReachOnlyTheUsersCommandAfterPrivilegesAreDropped() {
        var loaded = spec
        loaded.environment = ["A": "1", "LD_PRELOAD": "/home/runner/evil.so", "LD_LIBRARY_PATH": "/opt/lib", "GCONV_PATH": "/x"]
        let args = SandboxCommand(bwrap: "/usr/bin/bwrap", system: system, identity: .hostUser(uid: 910_007)).arguments(for: loaded)
        #expect(Array(args.suffix(7)) == [
            "/usr/bin/env", "GCONV_PATH=/x", "LD_LIBRARY_PATH=/opt/lib", "LD_PRELOAD=/home/runner/evil.so", "/usr/bin/python3", "-u", "/var/runtime/bootstrap.py",
        ])
        let setpriv = args.firstIndex(of: "/usr/bin/setpriv") ?? args.endIndex
        #expect(setpriv < (args.firstIndex(of: "/usr/bin/env") ?? args.startIndex))
        // bubblewrap itself (root on the host) and setpriv never see them.
        #expect(SandboxCommand.processEnvironment(for: loaded) == ["A": "1"])
        #expect(SandboxCommand.isLoaderVariable("LD_AUDIT") && SandboxCommand.isLoaderVariable("MALLOC_TRACE") && !SandboxCommand.isLoaderVariable("LANG"))
        #expect(!SandboxCommand(bwrap: "/usr/bin/bwrap", system: system, identity: .hostUser(uid: 910_007)).arguments(for: spec).contains("/usr/bin/env"))
    }

    @Test func theRootIsTheSystemAndTheSpecsMountsOnly() {
        let args = SandboxCommand(bwrap: "/usr/bin/bwrap", system: system, identity: .hostUser(uid: 910_000)).arguments(for: spec)
        let setup = Array(args[..<args.firstIndex(of: "--")!])
        #expect(setup.contains(sequence: ["--ro-bind", "/usr", "/usr"]))
        #expect(setup.contains(sequence: ["--symlink", "usr/bin", "/bin"]))
        #expect(setup.contains(sequence: ["--ro-bind", "/etc/resolv.conf", "/etc/resolv.conf"]))
        #expect(setup.contains(sequence: ["--ro-bind", "/data/lambda/code/abc", "/var/task"]))
        #expect(setup.contains(sequence: ["--bind", "/data/jobs/j1", "/opt/ml"]))
        #expect(setup.contains(sequence: ["--perms", "1777", "--size", "1048576", "--tmpfs", "/tmp"]))
        // The spec's own /tmp replaces the default one.
        #expect(setup.filter { $0 == "/tmp" }.count == 1)
        #expect(setup.contains(sequence: ["--proc", "/proc", "--dev", "/dev"]))
        #expect(setup.contains(sequence: ["--chdir", "/var/task"]))
        // Each mount's way is made open just before it.
        #expect(setup.contains(sequence: ["--perms", "0755", "--dir", "/var", "--ro-bind", "/data/lambda/code/abc", "/var/task"]))
        #expect(setup.contains(sequence: ["--perms", "0755", "--dir", "/opt", "--bind", "/data/jobs/j1", "/opt/ml"]))
        // Nothing of the host is bound that the system list and the spec do not name.
        let bound = zip(setup, setup.dropFirst()).filter { $0.0 == "--ro-bind" || $0.0 == "--bind" }.map(\.1)
        #expect(Set(bound) == ["/usr", "/etc/resolv.conf", "/data/lambda/code/abc", "/data/jobs/j1"])
    }

    @Test func parentsAreMountedBeforeTheirChildrenWhateverTheOrder() {
        let spec = SandboxSpec(command: ["true"], environment: [:], mounts: [.writable(host: "/tmp/envs/a", at: "/tmp/envs/a"), .scratch(at: "/tmp", bytes: 1024)])
        let args = SandboxCommand(bwrap: "/usr/bin/bwrap", system: system, identity: .hostUser(uid: 910_000)).arguments(for: spec)
        #expect(args.contains(sequence: ["--tmpfs", "/tmp", "--perms", "0755", "--dir", "/tmp/envs", "--bind", "/tmp/envs/a", "/tmp/envs/a"]))
    }

    @Test func theWayBeneathAScratchDirectoryIsMadeAfterIt() {
        let spec = SandboxSpec(command: ["true"], environment: [:], mounts: [.scratch(at: "/tmp", bytes: 1024), .readOnly(host: "/tmp/envs/a", at: "/tmp/envs/a")])
        let args = SandboxCommand(bwrap: "/usr/bin/bwrap", system: system, identity: .hostUser(uid: 910_000)).arguments(for: spec)
        #expect(args.contains(sequence: ["--tmpfs", "/tmp", "--perms", "0755", "--dir", "/tmp/envs", "--ro-bind", "/tmp/envs/a", "/tmp/envs/a"]))
    }

    @Test func theWayToAMountIsOpenToTheSandboxUser() {
        let home = SandboxSpec(command: ["/home/dev/.pyenv/versions/3.11.7/bin/python3"], environment: [:], mounts: [
            .readOnly(host: "/home/dev/.pyenv/versions/3.11.7", at: "/home/dev/.pyenv/versions/3.11.7"), .readOnly(host: "/srv/x", at: "/usr/local/x"),
        ])
        let args = SandboxCommand(bwrap: "/usr/bin/bwrap", system: system, identity: .hostUser(uid: 910_000)).arguments(for: home)
        let made = zip(args, args.dropFirst()).filter { $0.0 == "--dir" }.map(\.1)
        // `/etc` holds the system files bound one by one; then the way to each mount.
        #expect(made == ["/etc", "/home", "/home/dev", "/home/dev/.pyenv", "/home/dev/.pyenv/versions"])
    }

    @Test func unprivilegedItUsesAUserNamespaceWithoutCapabilitiesOrAProcessLimit() {
        let args = SandboxCommand(bwrap: "/usr/bin/bwrap", system: system, identity: .userNamespace).arguments(for: spec)
        #expect(args.starts(with: ["--unshare-user"]))
        #expect(args.contains("--disable-userns"))
        #expect(!args.contains("/usr/bin/setpriv"))
        #expect(args.contains(sequence: ["--cap-drop", "ALL", "--", "/usr/bin/prlimit"]))
        #expect(!args.contains { $0.hasPrefix("--nproc") })
    }

    @Test func withoutLimitsTheCommandFollowsTheSeparator() {
        var bare = spec
        bare.limits = SandboxLimits(openFiles: nil, processes: nil)
        let args = SandboxCommand(bwrap: "/usr/bin/bwrap", system: [], identity: .userNamespace).arguments(for: bare)
        #expect(Array(args.suffix(6)) == ["--cap-drop", "ALL", "--", "/usr/bin/python3", "-u", "/var/runtime/bootstrap.py"])
        #expect(args.contains(sequence: ["--perms", "1777", "--size", "1048576", "--tmpfs", "/tmp"]))
    }
}

extension Array where Element: Equatable {
    func contains(sequence: [Element]) -> Bool {
        guard sequence.count <= count else { return false }
        return (0...(count - sequence.count)).contains { Array(self[$0..<($0 + sequence.count)]) == sequence }
    }
}

@Suite("Where no sandbox can be made")
struct SandboxUnavailableTests {
    @Test func userCodeIsRefusedWithTheReason() {
        let sandbox = Sandbox(bwrap: "/nonexistent/bwrap")
        do {
            try sandbox.checkAvailable()
            Issue.record("a sandbox without bubblewrap was accepted")
        } catch let unavailable as Sandbox.Unavailable {
            #expect(unavailable.reason.contains("bubblewrap"))
            #expect(unavailable.reason.contains("/nonexistent/bwrap"))
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(throws: Sandbox.Unavailable.self) {
            _ = try sandbox.launch(SandboxSpec(command: ["/bin/true"], environment: [:]), output: { _ in }, exited: { _ in })
        }
    }
}
