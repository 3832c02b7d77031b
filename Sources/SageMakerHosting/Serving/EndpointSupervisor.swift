import Compute
import Crypto
import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Synchronization

/// Runs each endpoint's model servers and keeps them running: it takes the endpoint's lease, brings a new deployment
/// up beside the one serving (model data downloaded and extracted once per deployment, each instance a sandboxed
/// model server on a loopback port of its own), moves traffic only once every new instance answers its health
/// check, drains and stops the old instances, restarts an instance that dies, and after a restart brings every
/// endpoint that was in service back from what it had downloaded. Several Slipway servers may share the table:
/// leases say which one runs an endpoint.
final class EndpointSupervisor: Sendable {
    let endpoints: HostingTable<EndpointRecord>
    let launcher: ModelServerLauncher
    let clock: any WallClock
    let logger: Logger
    /// This Slipway server's name on the leases it holds.
    let owner = UUID().uuidString
    let lease: TimeInterval
    /// The deployments taking traffic, by endpoint ARN.
    private let serving = Mutex<[String: RunningDeployment]>([:])
    private let supervised = Mutex<[String: Supervision]>([:])
    private let shutDown = Mutex(false)
    private let servingStarted = Mutex<(@Sendable () -> Void)?>(nil)

    /// Tells `action` each time a deployment starts taking traffic here.
    func onServing(_ action: @escaping @Sendable () -> Void) { servingStarted.withLock { $0 = action } }

    /// An endpoint this server supervises: its task, and the signal that makes it look at its record again.
    final class Supervision: Sendable {
        let wake: AsyncStream<Void>.Continuation
        let signals: AsyncStream<Void>
        let task = Mutex<Task<Void, Never>?>(nil)

        init() {
            (signals, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        }
    }

    init(endpoints: HostingTable<EndpointRecord>, launcher: ModelServerLauncher, clock: any WallClock, logger: Logger, lease: TimeInterval) {
        self.endpoints = endpoints
        self.launcher = launcher
        self.clock = clock
        self.logger = logger
        self.lease = lease
    }

    /// The deployment answering an endpoint's invocations, when one is in service here.
    func deployment(_ arn: String) -> RunningDeployment? { serving.withLock { $0[arn] } }

    func supervises(_ arn: String) -> Bool { supervised.withLock { $0[arn] != nil } }

    /// Makes the endpoint's supervision look at its record again (an update or delete was stored); false when this
    /// server does not supervise it.
    @discardableResult
    func wake(_ arn: String) -> Bool {
        guard let supervision = supervised.withLock({ $0[arn] }) else { return false }
        supervision.wake.yield()
        return true
    }

    /// Starts supervising an endpoint whose lease this server holds; does nothing when it already does.
    func start(_ arn: String) {
        let supervision = Supervision()
        let added = supervised.withLock { all -> Bool in
            guard all[arn] == nil else { return false }
            all[arn] = supervision
            return true
        }
        guard added else { return }
        let task = Task { [self] in
            await supervise(arn, supervision: supervision)
            supervised.withLock { all in
                if all[arn] === supervision { all.removeValue(forKey: arn) }
            }
        }
        supervision.task.withLock { $0 = task }
    }

    /// Takes over the endpoints no live Slipway server runs: on start, and again while another server's leases may
    /// run out.
    func recover() async {
        while !Task.isCancelled, !shutDown.withLock({ $0 }) {
            let now = clock.now()
            for record in (try? await endpoints.unattended(now: now)) ?? [] where (record.shouldRun || record.status == "Deleting") && !supervises(record.arn) {
                guard (try? await endpoints.claim(record.arn, owner: owner, now: now, until: now.addingTimeInterval(lease))) == true else { continue }
                start(record.arn)
            }
            guard (try? await endpoints.othersRunning(owner: owner, now: clock.now())) == true else { return }
            try? await Task.sleep(for: .seconds(lease))
        }
    }

    /// Stops every model server this server runs and gives the leases up, so the next server takes them at once.
    func shutdown() async {
        shutDown.withLock { $0 = true }
        let all = supervised.withLock { Array($0) }
        for (_, supervision) in all { supervision.task.withLock { $0 }?.cancel() }
        for (arn, supervision) in all {
            await supervision.task.withLock { $0 }?.value
            try? await endpoints.release(arn, owner: owner)
        }
        for deployment in serving.withLock({ Array($0.values) }) {
            for instance in deployment.allInstances { instance.stop() }
            await deployment.capture?.flush()
        }
    }

    // MARK: Supervision

    private func supervise(_ arn: String, supervision: Supervision) async {
        let lostLease = Mutex(false)
        let renewal = Task { [self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(lease / 3))
                if Task.isCancelled { return }
                if (try? await endpoints.renew(arn, owner: owner, until: clock.now().addingTimeInterval(lease))) == false {
                    lostLease.withLock { $0 = true }
                }
                // Model servers' credentials are renewed well before they expire.
                if let running = serving.withLock({ $0[arn] }), let record = try? await endpoints.leased(arn: arn)?.0 {
                    await launcher.renewCredentials(running.deployment, endpoint: record)
                }
                // Another server may have stored an update: look at the record again.
                supervision.wake.yield()
            }
        }
        defer { renewal.cancel() }
        var running: RunningDeployment?
        var watchers: [Task<Void, Never>] = []
        func stopAll() async {
            for watcher in watchers { watcher.cancel() }
            watchers = []
            serving.withLock { _ = $0.removeValue(forKey: arn) }
            for instance in running?.allInstances ?? [] { instance.stop() }
            await running?.capture?.flush()
            running = nil
        }
        var signals = supervision.signals.makeAsyncIterator()
        while !Task.isCancelled {
            if lostLease.withLock({ $0 }) {
                await stopAll()
                return
            }
            guard let record = try? await endpoints.leased(arn: arn)?.0 else {
                await stopAll()
                return
            }
            if record.status == "Deleting" {
                await stopAll()
                launcher.remove(endpoint: record)
                try? await endpoints.delete(arn)
                launcher.log(record, variant: nil, "Deleted the endpoint.")
                return
            }
            if running == nil, let current = record.current {
                // After a restart: the endpoint serves again from what its deployment downloaded.
                do {
                    let up = try await bringUp(record, current)
                    running = up
                    serving.withLock { $0[arn] = up }
                    servingStarted.withLock { $0 }?()
                    watchers = up.variants.flatMap { variant in variant.instances.withLock { $0 }.map { watch($0, in: variant, record: record, deployment: current) } }
                    // An update a crash interrupted goes on (next turn); anything else is in service again.
                    if record.pending == nil, record.status != "InService" {
                        _ = try? await endpoints.modify(arn) { if $0.status != "Deleting" && $0.pending == nil { $0.status = "InService" } }
                    }
                    launcher.log(record, variant: nil, "Endpoint \(record.name) is in service again.")
                    continue
                } catch {
                    let reason = String("\(error)".prefix(1024))
                    _ = try? await endpoints.modify(arn) { stored in
                        guard stored.status != "Deleting" else { return }
                        stored.status = "Failed"
                        stored.failureReason = reason
                    }
                    launcher.log(record, variant: nil, "The endpoint could not be brought back: \(reason)")
                    try? await endpoints.release(arn, owner: owner)
                    return
                }
            }
            if let pending = record.pending, pending.id != running?.deployment.id {
                do {
                    let up = try await bringUp(record, pending)
                    let previous = running
                    running = up
                    serving.withLock { $0[arn] = up }
                    servingStarted.withLock { $0 }?()
                    for watcher in watchers { watcher.cancel() }
                    watchers = up.variants.flatMap { variant in variant.instances.withLock { $0 }.map { watch($0, in: variant, record: record, deployment: pending) } }
                    _ = try? await endpoints.modify(arn) { stored in
                        guard stored.status != "Deleting" else { return }
                        stored.current = pending
                        stored.pending = nil
                        stored.status = "InService"
                        stored.failureReason = nil
                        stored.modified = self.clock.now()
                    }
                    launcher.log(record, variant: nil, "Endpoint \(record.name) is in service on endpoint configuration \(pending.configName).")
                    if let previous {
                        for instance in previous.allInstances { await instance.drain() }
                        await previous.capture?.flush()
                        if previous.deployment.id != pending.id { launcher.remove(deployment: previous.deployment, of: record) }
                    }
                } catch {
                    let reason = String("\(error)".prefix(1024))
                    if running != nil {
                        // A failed update leaves the endpoint serving what it served.
                        _ = try? await endpoints.modify(arn) { stored in
                            guard stored.status != "Deleting" else { return }
                            stored.pending = nil
                            stored.status = "InService"
                            stored.failureReason = reason
                            stored.modified = self.clock.now()
                        }
                        launcher.remove(deployment: pending, of: record)
                        launcher.log(record, variant: nil, "Updating the endpoint failed, it stays on its endpoint configuration: \(reason)")
                    } else {
                        _ = try? await endpoints.modify(arn) { stored in
                            guard stored.status != "Deleting" else { return }
                            stored.pending = nil
                            stored.status = "Failed"
                            stored.failureReason = reason
                            stored.modified = self.clock.now()
                        }
                        launcher.log(record, variant: nil, "Creating the endpoint failed: \(reason)")
                        try? await endpoints.release(arn, owner: owner)
                        return
                    }
                }
            } else if let running, let current = record.current, record.status == "Updating" {
                // New weights and instance counts for the deployment in service.
                let added = await rescale(running, to: current, record: record)
                watchers += added
                _ = try? await endpoints.modify(arn) { stored in
                    guard stored.status != "Deleting" else { return }
                    stored.status = "InService"
                    stored.modified = self.clock.now()
                }
            }
            guard await signals.next() != nil else { break }
        }
        await stopAll()
    }

    /// Starts every instance of every variant of `deployment` and waits until each answers its health check.
    private func bringUp(_ record: EndpointRecord, _ deployment: Deployment) async throws -> RunningDeployment {
        var variants: [RunningVariant] = []
        do {
            for variant in deployment.variants {
                let prepared = try await launcher.prepare(variant, of: deployment, endpoint: record)
                var instances: [ModelServerInstance] = []
                do {
                    try await withThrowingTaskGroup(of: ModelServerInstance.self) { group in
                        for _ in 0..<variant.instanceCount {
                            group.addTask { try await self.launcher.launch(prepared, variant: variant, endpoint: record) }
                        }
                        for try await instance in group { instances.append(instance) }
                    }
                } catch {
                    for instance in instances { instance.stop() }
                    throw error
                }
                variants.append(RunningVariant(name: variant.name, weight: variant.weight, instances: instances))
            }
        } catch {
            for variant in variants { for instance in variant.instances.withLock({ $0 }) { instance.stop() } }
            throw error
        }
        let capture = launcher.capture(for: deployment, endpoint: record)
        await capture?.recoverLeftovers()
        return RunningDeployment(deployment: deployment, variants: variants, capture: capture)
    }

    /// Restarts an instance that dies while it serves, backing off between tries, until it is stopped.
    private func watch(_ first: ModelServerInstance, in variant: RunningVariant, record: EndpointRecord, deployment: Deployment) -> Task<Void, Never> {
        Task { [self] in
            var instance = first
            var failures = 0
            while !Task.isCancelled {
                let status = await instance.exited.value
                if instance.stopping.withLock({ $0 }) || Task.isCancelled { return }
                failures += 1
                launcher.log(record, variant: variant.name, "The model server \(instance.id) exited with status \(status); Slipway restarts it.")
                guard let spec = deployment.variants.first(where: { $0.name == variant.name }) else { return }
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(min(30.0, pow(2.0, Double(min(failures, 5))) / 4)))
                    guard !Task.isCancelled, let prepared = try? await launcher.prepare(spec, of: deployment, endpoint: record) else { continue }
                    do {
                        let replacement = try await launcher.launch(prepared, variant: spec, endpoint: record)
                        if Task.isCancelled {
                            replacement.stop()
                            return
                        }
                        variant.instances.withLock { all in
                            if let index = all.firstIndex(where: { $0 === instance }) { all[index] = replacement } else { all.append(replacement) }
                        }
                        instance = replacement
                        break
                    } catch {
                        failures += 1
                        launcher.log(record, variant: variant.name, "Restarting the model server failed: \(error)")
                    }
                }
            }
        }
    }

    /// Applies new weights and instance counts to the deployment in service; the watchers of instances it added.
    private func rescale(_ running: RunningDeployment, to deployment: Deployment, record: EndpointRecord) async -> [Task<Void, Never>] {
        var watchers: [Task<Void, Never>] = []
        for variant in running.variants {
            guard let wanted = deployment.variants.first(where: { $0.name == variant.name }) else { continue }
            variant.weight.withLock { $0 = wanted.weight }
            let current = variant.instances.withLock { $0 }
            if current.count > wanted.instanceCount {
                let removed = Array(current.suffix(current.count - wanted.instanceCount))
                variant.instances.withLock { all in all.removeAll { instance in removed.contains { $0 === instance } } }
                for instance in removed { await instance.drain() }
            } else if current.count < wanted.instanceCount, let prepared = try? await launcher.prepare(wanted, of: deployment, endpoint: record) {
                for _ in current.count..<wanted.instanceCount {
                    guard let instance = try? await launcher.launch(prepared, variant: wanted, endpoint: record) else { continue }
                    variant.instances.withLock { $0.append(instance) }
                    watchers.append(watch(instance, in: variant, record: record, deployment: deployment))
                }
            }
        }
        return watchers
    }
}
