import Compute
import Foundation
import Synchronization
import Testing

/// Runs real sandboxes, where this machine can make them.
@Suite("Sandbox isolation", .enabled(if: (try? Sandbox().checkAvailable()) != nil))
struct SandboxIsolationTests {
    /// Runs `script` in a sandbox and returns its output and exit status.
    func run(_ script: String, mounts: [SandboxMount] = [], limits: SandboxLimits = SandboxLimits(), environment: [String: String] = [:]) async throws -> (lines: [String], status: Int32) {
        let lines = Mutex<[String]>([])
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            do {
                _ = try Sandbox().launch(
                    SandboxSpec(command: ["/bin/sh", "-c", script], environment: environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a }, workingDirectory: "/", mounts: mounts, limits: limits),
                    output: { line in lines.withLock { $0.append(line) } },
                    exited: { continuation.resume(returning: $0) }
                )
            } catch { continuation.resume(throwing: error) }
        }
        try await Task.sleep(for: .milliseconds(50))
        return (lines.withLock { $0 }, status)
    }

    @Test func theHostsFilesAndProcessesAreOutOfSight() async throws {
        // Somewhere of the host's outside the system directories, as a data directory is.
        let secret = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".sandbox-secret-\(UUID().uuidString)")
        try "root-keys".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let result = try await run("""
            id -u; cat \(secret.path) /etc/shadow 2>/dev/null || echo unreadable; ls / | tr '\\n' ' '; echo; ls /proc | grep -c '^[0-9]'; \
            touch /usr/x 2>/dev/null && echo wrote-usr || echo usr-read-only; echo "$HOME|$SLIPWAY_SECRET"
            """)
        #expect(result.status == 0, "\(result.lines)")
        let uid = try #require(UInt32(result.lines.first ?? ""))
        #expect(uid != 0)
        #expect(result.lines.contains("unreadable"))
        #expect(!result.lines.contains("root-keys"))
        let root = Set(result.lines[safe: 2]?.split(separator: " ").map(String.init) ?? [])
        #expect(!root.contains("root") && !root.contains("work") && !root.contains("home") && !root.contains("opt"))
        // Only the sandbox's own processes (its init, the shell and ls/grep) are visible.
        #expect((Int(result.lines[safe: 3] ?? "") ?? 99) <= 4, "\(result.lines)")
        #expect(result.lines.contains("usr-read-only"))
        #expect(result.lines.last == "|")
    }

    @Test func theSystemFilesAJobNeedsAreReadable() async throws {
        // Name resolution, certificates and the distribution's version (pip asks) must be readable by the sandbox user.
        let result = try await run("cat /etc/hosts > /dev/null && cat /etc/debian_version /etc/os-release > /dev/null 2>&1; echo $?; ls /etc/ssl > /dev/null && echo certs")
        #expect(result.lines == ["0", "certs"], "\(result.lines)")
    }

    @Test func aReadOnlyMountBeneathAScratchDirectoryIsReachable() async throws {
        // An environment kept under the host's /tmp, mounted beneath the sandbox's own private /tmp.
        let shared = URL(fileURLWithPath: "/tmp").appendingPathComponent("sandbox-shared-\(UUID().uuidString)").appendingPathComponent("env")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try "here".write(to: shared.appendingPathComponent("file"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: shared.deletingLastPathComponent()) }
        let result = try await run("cat \(shared.path)/file", mounts: [.scratch(at: "/tmp", bytes: 1 << 20), .readOnly(host: shared.path, at: shared.path)])
        #expect(result.lines == ["here"], "\(result.lines)")
    }

    @Test func writableMountsBelongToTheSandboxAndReadOnlyOnesStayUnchanged() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-mounts-\(UUID().uuidString)")
        let work = base.appendingPathComponent("work"), code = base.appendingPathComponent("code")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: code, withIntermediateDirectories: true)
        try "print(1)".write(to: code.appendingPathComponent("app.py"), atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: base) }
        let result = try await run(
            "cat /code/app.py; echo; echo out > /scratch/result && echo wrote; (echo x > /code/app.py) 2>/dev/null || echo code-read-only",
            mounts: [.writable(host: work.path, at: "/scratch"), .readOnly(host: code.path, at: "/code")]
        )
        #expect(result.lines == ["print(1)", "wrote", "code-read-only"])
        #expect(try String(contentsOf: work.appendingPathComponent("result"), encoding: .utf8) == "out\n")
        #expect(try String(contentsOf: code.appendingPathComponent("app.py"), encoding: .utf8) == "print(1)")
    }

    @Test func limitsHoldAndCannotBeRaised() async throws {
        let result = try await run("ulimit -v; ulimit -n; ulimit -HS -n 4096 2>/dev/null && echo raised || echo kept", limits: SandboxLimits(addressSpaceBytes: 256 << 20, openFiles: 64))
        #expect(result.lines == ["262144", "64", "kept"])
    }

    @Test func stoppingASandboxEndsEveryProcessInIt() async throws {
        let started = Mutex<[String]>([])
        let exited = Mutex<Int32?>(nil)
        let process = try Sandbox().launch(
            SandboxSpec(command: ["/bin/sh", "-c", "sleep 300 & sleep 300 & echo up; wait"], environment: ["PATH": "/usr/bin:/bin"]),
            output: { line in started.withLock { $0.append(line) } }, exited: { status in exited.withLock { $0 = status } }
        )
        for _ in 0..<100 where started.withLock({ $0.isEmpty }) { try await Task.sleep(for: .milliseconds(20)) }
        let inside = descendants(of: process.pid)
        #expect(inside.count >= 4)
        process.stop()
        for _ in 0..<100 where exited.withLock({ $0 == nil }) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(exited.withLock { $0 } != nil)
        try await Task.sleep(for: .milliseconds(100))
        // Whatever is left is a zombie at most: nothing runs.
        let survivors = inside.filter { pid in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return false }
            return !status.contains("State:\tZ")
        }
        #expect(survivors.isEmpty)
    }

    /// Every process below `pid`, as the host numbers them.
    func descendants(of pid: Int32) -> [Int32] {
        let children = ((try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? "").split(separator: " ").compactMap { Int32($0) }
        return children + children.flatMap(descendants)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
