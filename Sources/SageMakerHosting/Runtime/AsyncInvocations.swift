import Foundation
import NIOCore
import ServiceKit
import SlipwayCore
import Synchronization

/// Answers `InvokeEndpointAsync`: each invocation is stored first (a crash loses none), then taken with a lease by a
/// server that serves the endpoint, its input read from S3 as the model's role, sent to an instance of the endpoint,
/// and the answer written to `<S3OutputPath>/<id>.out` — or the model's error to the failure path. Invocations
/// whose endpoint no server serves yet wait; expired ones fail.
final class AsyncInvocations: Sendable {
    let table: HostingTable<AsyncInvocationRecord>
    let supervisor: EndpointSupervisor
    let launcher: ModelServerLauncher
    let objects: any ObjectPort
    let clock: any WallClock
    private let queue = Mutex<WorkQueue<AsyncInvocationRecord>?>(nil)
    private let loop = Mutex<Task<Void, Never>?>(nil)

    static let maxInput = 1 << 30
    static let maxAttempts = 3

    init(table: HostingTable<AsyncInvocationRecord>, supervisor: EndpointSupervisor, launcher: ModelServerLauncher, objects: any ObjectPort, clock: any WallClock) {
        self.table = table
        self.supervisor = supervisor
        self.launcher = launcher
        self.objects = objects
        self.clock = clock
    }

    private var work: WorkQueue<AsyncInvocationRecord> {
        queue.withLock { queue in
            if let queue { return queue }
            let made = WorkQueue<AsyncInvocationRecord>(limit: 16, id: \.arn, attempts: \.attempts) { [weak self] item in await self?.answer(item) }
            queue = made
            return made
        }
    }

    /// Stores an invocation and starts answering it.
    func enqueue(_ record: AsyncInvocationRecord) async throws {
        guard try await table.insert(record) else { throw RuntimeError.validation("Inference \(record.name) is already queued.") }
        work.start(record)
    }

    /// Looks for invocations no server is answering (after a restart, or whose endpoint was not served) every lease.
    func start() {
        loop.withLock { task in
            guard task == nil else { return }
            task = Task { [self] in
                await work.run(every: .seconds(supervisor.lease), due: { [self] in
                    try await table.unattended(now: clock.now()).filter { $0.status == "Queued" }
                }, onError: { _ in })
            }
        }
    }

    func stop() { loop.withLock { $0?.cancel() } }

    /// Makes the endpoint's waiting invocations go now (it has just come into service here).
    func wake() { work.wake() }

    private func answer(_ item: AsyncInvocationRecord) async {
        let now = clock.now()
        guard (try? await table.claim(item.arn, owner: supervisor.owner, now: now, until: now.addingTimeInterval(supervisor.lease))) == true,
              let record = try? await table.leased(arn: item.arn)?.0, record.status == "Queued"
        else { return }
        guard let deployment = supervisor.deployment(record.endpointArn), let variant = deployment.variant(target: nil),
              let spec = deployment.deployment.variants.first(where: { $0.name == variant.name })
        else {
            try? await table.release(record.arn, owner: supervisor.owner)
            return
        }
        let owner = AsyncOwner(record: record)
        do {
            guard now < record.expires else { throw ServingFailure("Request expired: it waited longer than its RequestTTLSeconds.") }
            let context = try await launcher.session(spec.roleArn, owner)
            guard let input = ObjectLocation.parse(url: record.inputLocation) else { throw ServingFailure("The input location \(record.inputLocation) is not an S3 URI.") }
            let body: [UInt8]
            do {
                body = try await objects.read(input, context: context, limit: Self.maxInput).bytes
            } catch {
                throw ServingFailure("Could not read the input at \(record.inputLocation): \((error as? any ServiceError)?.message ?? "\(error)")")
            }
            var headers: [(String, String)] = [("Content-Type", record.contentType ?? "application/octet-stream")]
            if let accept = record.accept { headers.append(("Accept", accept)) }
            if let attributes = record.customAttributes { headers.append(("X-Amzn-SageMaker-Custom-Attributes", attributes)) }
            headers.append(("X-Amzn-SageMaker-Inference-Id", record.inferenceID))
            guard let instance = variant.pick() else { throw ModelServerClient.Failure.unreachable }
            instance.inFlight.wrappingAdd(1, ordering: .acquiringAndReleasing)
            defer { instance.inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing) }
            let answer = try await ModelServerClient.post(
                port: instance.port, path: "/invocations", headers: headers, body: body, timeout: .seconds(Int64(record.timeoutSeconds)), limit: Self.maxInput
            )
            if (200..<300).contains(answer.status) {
                try await write(answer.body, to: record.outputLocation, contentType: answer.header("Content-Type") ?? "application/octet-stream", context: context)
            } else {
                let message = String(decoding: answer.body.prefix(65_536), as: UTF8.self)
                try await fail(record, "Received \(answer.status >= 500 ? "server" : "client") error (\(answer.status)) from primary with message \"\(message)\".", context: context)
            }
            try? await table.delete(record.arn)
        } catch ModelServerClient.Failure.unreachable where record.attempts + 1 < Self.maxAttempts {
            _ = try? await table.modify(record.arn) { $0.attempts += 1 }
            try? await table.release(record.arn, owner: supervisor.owner)
        } catch {
            let reason = (error as? ServingFailure)?.description ?? "The model did not answer: \(error)"
            if let context = try? await launcher.session(spec.roleArn, owner) { try? await fail(record, reason, context: context) }
            try? await table.delete(record.arn)
        }
    }

    private func fail(_ record: AsyncInvocationRecord, _ message: String, context: ServiceContext) async throws {
        try await write(Array(message.utf8), to: record.failureLocation ?? record.outputLocation, contentType: "text/plain", context: context)
    }

    private func write(_ bytes: [UInt8], to uri: String, contentType: String, context: ServiceContext) async throws {
        guard let location = ObjectLocation.parse(url: uri) else { throw ServingFailure("\(uri) is not an S3 URI.") }
        _ = try await objects.write(bytes, to: location, contentType: contentType, tags: [:], context: context)
    }

    /// An asynchronous invocation acts as its endpoint's role.
    struct AsyncOwner: ServingOwner {
        let record: AsyncInvocationRecord
        var arn: String { record.endpointArn }
        var account: String { record.account }
        var region: String { record.region }
        var name: String { record.endpointName }
        var logGroup: String { "/aws/sagemaker/Endpoints/\(record.endpointName)" }
        func logStream(variant: String, instance: String) -> String { "\(variant)/\(instance)" }
    }
}
