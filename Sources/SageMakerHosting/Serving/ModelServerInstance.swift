import Compute
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One model-server process of a variant (an "instance"): the sandbox it runs in, the loopback port it listens on,
/// whether it answers its health check, and how many invocations it is answering now (an instance is stopped only
/// once they are done).
final class ModelServerInstance: Sendable {
    /// SageMaker's instance name, as in the log stream `<variant>/<id>`.
    let id: String
    let port: Int
    let process: any RunningWork
    let exited: Task<Int32, Never>
    let healthy = Mutex(false)
    let stopping = Mutex(false)
    let inFlight = Atomic<Int>(0)
    /// Its last lines of output, for a failure's reason.
    let tail: OutputTail

    init(id: String, port: Int, process: any RunningWork, exited: Task<Int32, Never>, tail: OutputTail) {
        self.id = id
        self.port = port
        self.process = process
        self.exited = exited
        self.tail = tail
    }

    /// Ends the process at once.
    func stop() {
        stopping.withLock { $0 = true }
        healthy.withLock { $0 = false }
        process.stop()
    }

    /// Stops taking work, lets the invocations it is answering finish (up to `grace`), then ends the process.
    func drain(grace: Duration = .seconds(60)) async {
        healthy.withLock { $0 = false }
        let deadline = ContinuousClock.now + grace
        while inFlight.load(ordering: .acquiring) > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        stop()
        _ = await exited.value
    }

    func lastLines(_ count: Int = 5) -> String { tail.last(count) }

    /// A free TCP port on the loopback interface (bound and released; the model server binds it next).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServingFailure("Could not open a socket (errno \(errno)).") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw ServingFailure("Could not bind a loopback port (errno \(errno)).") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw ServingFailure("Could not read a loopback port (errno \(errno)).") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A new instance id, as SageMaker names instances (`i-` and 17 hex digits).
    static func newID() -> String {
        "i-" + String(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(17))
    }
}

/// The last lines a process wrote.
final class OutputTail: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) {
        lines.withLock { lines in
            lines.append(line)
            if lines.count > 20 { lines.removeFirst() }
        }
    }

    func last(_ count: Int) -> String { lines.withLock { $0.suffix(count).joined(separator: " | ") } }
}

/// A variant of a running deployment: its weight and its instances, picked round-robin.
final class RunningVariant: Sendable {
    let name: String
    let weight: Mutex<Float>
    let instances: Mutex<[ModelServerInstance]>
    private let next = Atomic<Int>(0)

    init(name: String, weight: Float, instances: [ModelServerInstance]) {
        self.name = name
        self.weight = Mutex(weight)
        self.instances = Mutex(instances)
    }

    /// The next healthy instance, round-robin; nil when none answers.
    func pick() -> ModelServerInstance? {
        let answering = instances.withLock { $0 }.filter { $0.healthy.withLock { $0 } }
        guard !answering.isEmpty else { return nil }
        return answering[Int(UInt(bitPattern: next.wrappingAdd(1, ordering: .relaxed).oldValue) % UInt(answering.count))]
    }

    var hasHealthy: Bool { instances.withLock { $0.contains { $0.healthy.withLock { $0 } } } }
}

/// A deployment whose model servers run: what traffic reaches while it is the endpoint's current one.
final class RunningDeployment: Sendable {
    let deployment: Deployment
    let variants: [RunningVariant]
    /// Where its sampled invocations are captured, when its configuration asks.
    let capture: DataCapture?

    init(deployment: Deployment, variants: [RunningVariant], capture: DataCapture? = nil) {
        self.deployment = deployment
        self.variants = variants
        self.capture = capture
    }

    /// The variant an invocation goes to: `target` when named, else one drawn by weight among those that answer.
    func variant(target: String?) -> RunningVariant? {
        if let target { return variants.first { $0.name == target } }
        let candidates = variants.filter { $0.weight.withLock { $0 } > 0 && $0.hasHealthy }
        let total = candidates.reduce(Float(0)) { $0 + $1.weight.withLock { $0 } }
        guard total > 0 else { return variants.first { $0.hasHealthy } }
        var draw = Float.random(in: 0..<total)
        for candidate in candidates {
            draw -= candidate.weight.withLock { $0 }
            if draw < 0 { return candidate }
        }
        return candidates.last
    }

    var allInstances: [ModelServerInstance] { variants.flatMap { $0.instances.withLock { $0 } } }
}
