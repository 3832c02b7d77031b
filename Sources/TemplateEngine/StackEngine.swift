import OrderedCollections
import Provisioning
import SlipwayCore
import Synchronization

/// What a stack operation reports about one resource, in CloudFormation's statuses; the caller records each
/// event (durably) before the engine goes on.
public struct ResourceEvent: Sendable, Hashable {
    public enum Status: String, Sendable {
        case createInProgress = "CREATE_IN_PROGRESS", createComplete = "CREATE_COMPLETE", createFailed = "CREATE_FAILED"
        case deleteInProgress = "DELETE_IN_PROGRESS", deleteComplete = "DELETE_COMPLETE", deleteFailed = "DELETE_FAILED"
        case deleteSkipped = "DELETE_SKIPPED"
        case updateInProgress = "UPDATE_IN_PROGRESS", updateComplete = "UPDATE_COMPLETE", updateFailed = "UPDATE_FAILED"
    }

    public var logicalID: String
    public var type: String
    public var status: Status
    public var reason: String?
    public var physicalID: String?
    /// The event concerns a physical resource that is not (or no longer) the logical resource's current one — a
    /// replaced original or a discarded replacement — so it is recorded as an event only.
    public var former: Bool = false
}

/// Runs stack operations over providers: resources start as soon as what they depend on exists (a bounded number
/// at once); a failed create rolls back what it made, in reverse dependency order.
public struct StackEngine: Sendable {
    let registry: ProviderRegistry
    let concurrency: Int

    public init(registry: ProviderRegistry, concurrency: Int = 32) {
        self.registry = registry
        self.concurrency = concurrency
    }

    /// Where a stack lives and who it acts as.
    public struct Settings: Sendable {
        public var stackName: String
        public var stackID: String
        public var region: String
        public var accountID: String
        public var tags: [(key: String, value: String)] = []
        public var identity: any ProvisioningIdentity
        public var importedValue: @Sendable (String) -> String? = { _ in nil }
        /// Why the stack may not end with these outputs (an export another stack owns, or one in use that would
        /// change or go), nil when it may.
        public var checkExports: @Sendable (OrderedDictionary<String, (value: String, exportName: String?)>) -> String? = { _ in nil }

        public init(stackName: String, stackID: String, region: String, accountID: String, identity: any ProvisioningIdentity) {
            self.stackName = stackName
            self.stackID = stackID
            self.region = region
            self.accountID = accountID
            self.identity = identity
        }
    }

    /// Records one event; the engine waits for it, so a recorded step is never lost.
    public typealias Recorder = @Sendable (ResourceEvent, ProvisionedResource?) async -> Void

    /// How a create ended.
    public struct CreateResult: Sendable {
        /// `CREATE_COMPLETE`, `ROLLBACK_COMPLETE` or `ROLLBACK_FAILED` (`CREATE_FAILED` when rollback is disabled).
        public var status: String
        public var reason: String?
        /// Resources that exist afterwards (all of them on success; the undeletable ones after a failed rollback).
        public var resources: OrderedDictionary<String, ProvisionedResource>
        /// Output values (lists comma-joined) and their export names, on success.
        public var outputs: OrderedDictionary<String, (value: String, exportName: String?)>
    }

    /// Creates every resource of `template` whose condition holds; on the first failure, deletes what was made.
    public func create(_ template: Template, parameters given: [String: String], settings: Settings, disableRollback: Bool = false, record: @escaping Recorder) async -> CreateResult {
        let plan: Plan
        do {
            plan = try Plan(template, given: given, settings: settings, registry: registry)
        } catch {
            return CreateResult(status: "ROLLBACK_COMPLETE", reason: error.message, resources: [:], outputs: [:])
        }
        let made = Made()
        var failure: String?
        await withTaskGroup(of: (String, Result<ProvisionedResource, ProvisioningFailure>).self) { group in
            var pending = plan.order
            var running = 0
            while true {
                if failure == nil {
                    let done = made.names()
                    for name in pending where running < concurrency && (plan.dependencies[name] ?? []).isSubset(of: done) {
                        pending.removeAll { $0 == name }
                        running += 1
                        group.addTask { (name, await self.createOne(name, plan: plan, made: made, settings: settings, record: record)) }
                    }
                }
                guard running > 0, let (name, result) = await group.next() else { break }
                running -= 1
                switch result {
                case .success(let resource): made.insert(name, resource)
                case .failure(let error): failure = failure ?? "The following resource(s) failed to create: [\(name)]. \(error.message)"
                }
            }
            if failure == nil, !pending.isEmpty { failure = "Resources could not be ordered: [\(pending.joined(separator: ", "))]" }
        }
        if let failure {
            if disableRollback { return CreateResult(status: "CREATE_FAILED", reason: failure, resources: made.all(order: plan.order), outputs: [:]) }
            let left = await deleteAll(made.all(order: plan.order), template: template, dependencies: plan.dependencies, onCreateRollback: true, settings: settings, record: record)
            return CreateResult(status: left.isEmpty ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED", reason: failure, resources: left, outputs: [:])
        }
        let resources = made.all(order: plan.order)
        do {
            return CreateResult(status: "CREATE_COMPLETE", reason: nil, resources: resources, outputs: try plan.outputs(made: made))
        } catch {
            let left = await deleteAll(resources, template: template, dependencies: plan.dependencies, onCreateRollback: true, settings: settings, record: record)
            return CreateResult(status: left.isEmpty ? "ROLLBACK_COMPLETE" : "ROLLBACK_FAILED", reason: error.message, resources: left, outputs: [:])
        }
    }

    /// Deletes a stack's resources, dependents first; `Retain` (and `Snapshot`) resources are left and reported
    /// `DELETE_SKIPPED`. Returns the resources that could not be deleted.
    public func delete(_ resources: OrderedDictionary<String, ProvisionedResource>, template: Template, settings: Settings, record: @escaping Recorder) async -> OrderedDictionary<String, ProvisionedResource> {
        let dependencies = (try? DependencyGraph(template).dependencies) ?? [:]
        return await deleteAll(resources, template: template, dependencies: dependencies, onCreateRollback: false, settings: settings, record: record)
    }

    func createOne(_ name: String, plan: Plan, made: Made, settings: Settings, record: Recorder) async -> Result<ProvisionedResource, ProvisioningFailure> {
        guard let declaration = plan.template.resources[name], let provider = registry.provider(for: declaration.type) else {
            return .failure(ProvisioningFailure(message: "Unrecognized resource type"))
        }
        let request: ResourceRequest
        do {
            let properties = try Intrinsics.resolve(declaration.properties ?? .object([:]), in: plan.context(made: made)) ?? .object([:])
            try provider.schema.validate(properties, logicalID: name)
            request = ResourceRequest(
                logicalID: name, type: declaration.type, properties: properties, stackName: settings.stackName, stackID: settings.stackID,
                region: settings.region, accountID: settings.accountID, stackTags: plan.tags(for: name), identity: settings.identity
            )
        } catch {
            await record(ResourceEvent(logicalID: name, type: declaration.type, status: .createInProgress), nil)
            await record(ResourceEvent(logicalID: name, type: declaration.type, status: .createFailed, reason: StackEngine.reason(for: error)), nil)
            return .failure(ProvisioningFailure(message: StackEngine.reason(for: error)))
        }
        await record(ResourceEvent(logicalID: name, type: declaration.type, status: .createInProgress, physicalID: provider.plannedPhysicalID(for: request)), nil)
        do {
            let resource = try await provider.create(request)
            await record(ResourceEvent(logicalID: name, type: declaration.type, status: .createComplete, physicalID: resource.physicalID), resource)
            return .success(resource)
        } catch {
            let message = StackEngine.reason(for: error)
            await record(ResourceEvent(logicalID: name, type: declaration.type, status: .createFailed, reason: message), nil)
            return .failure(ProvisioningFailure(message: message))
        }
    }

    func deleteAll(
        _ resources: OrderedDictionary<String, ProvisionedResource>, template: Template, dependencies: OrderedDictionary<String, Set<String>>,
        onCreateRollback: Bool, settings: Settings, record: @escaping Recorder
    ) async -> OrderedDictionary<String, ProvisionedResource> {
        var remaining = resources
        var failed = OrderedDictionary<String, ProvisionedResource>()
        // A resource goes once nothing still present depends on it.
        while !remaining.isEmpty {
            let present = Set(remaining.keys)
            let ready = remaining.keys.filter { name in
                !present.contains { other in other != name && (dependencies[other] ?? []).contains(name) }
            }
            let wave = ready.isEmpty ? [remaining.keys.last].compactMap { $0 } : Array(ready)
            await withTaskGroup(of: (String, Bool).self) { group in
                for name in wave {
                    guard let resource = remaining[name], let declaration = template.resources[name] else { continue }
                    group.addTask {
                        (name, await self.deleteOne(name, resource, declaration, onCreateRollback: onCreateRollback, settings: settings, record: record))
                    }
                }
                for await (name, deleted) in group where !deleted {
                    if let resource = remaining[name] { failed[name] = resource }
                }
            }
            for name in wave { remaining.removeValue(forKey: name) }
        }
        return failed
    }

    /// Deletes one resource (or skips a retained one); false when the provider could not delete it.
    func deleteOne(
        _ name: String, _ resource: ProvisionedResource, _ declaration: ResourceDeclaration, onCreateRollback: Bool, former: Bool = false,
        settings: Settings, record: Recorder
    ) async -> Bool {
        let retain = declaration.deletionPolicy == "Retain" || declaration.deletionPolicy == "Snapshot"
            || (declaration.deletionPolicy == "RetainExceptOnCreate" && !onCreateRollback)
        if retain {
            await record(ResourceEvent(logicalID: name, type: declaration.type, status: .deleteSkipped, physicalID: resource.physicalID, former: former), resource)
            return true
        }
        guard let provider = registry.provider(for: declaration.type) else { return false }
        await record(ResourceEvent(logicalID: name, type: declaration.type, status: .deleteInProgress, physicalID: resource.physicalID, former: former), resource)
        let request = ResourceRequest(
            logicalID: name, type: declaration.type, properties: resource.properties, stackName: settings.stackName, stackID: settings.stackID,
            region: settings.region, accountID: settings.accountID, stackTags: [], identity: settings.identity
        )
        do {
            try await provider.delete(resource, request: request)
            await record(ResourceEvent(logicalID: name, type: declaration.type, status: .deleteComplete, physicalID: resource.physicalID, former: former), nil)
            return true
        } catch {
            await record(ResourceEvent(logicalID: name, type: declaration.type, status: .deleteFailed, reason: StackEngine.reason(for: error), physicalID: resource.physicalID, former: former), resource)
            return false
        }
    }
}

extension StackEngine {
    /// A failure as a resource's status reason: a service error the way CloudFormation quotes one
    /// ("message (Status Code: 409, Error Code: BucketNotEmpty)"), a template error as its message.
    public static func describe(_ error: any Error) -> String { reason(for: error) }

    static func reason(for error: any Error) -> String {
        if let template = error as? TemplateError { return template.message }
        if let service = error as? any ServiceError {
            return "\(service.message) (Status Code: \(service.httpStatus), Error Code: \(service.code))"
        }
        return String(describing: error)
    }
}

/// A provider's failure, as the resource's status reason.
struct ProvisioningFailure: Error {
    var message: String
}

/// The resources made so far in an operation, shared by its concurrent steps.
final class Made: Sendable {
    private let resources = Mutex<[String: ProvisionedResource]>([:])

    func insert(_ name: String, _ resource: ProvisionedResource) { resources.withLock { $0[name] = resource } }
    func get(_ name: String) -> ProvisionedResource? { resources.withLock { $0[name] } }
    func names() -> Set<String> { resources.withLock { Set($0.keys) } }

    /// The made resources in template order.
    func all(order: [String]) -> OrderedDictionary<String, ProvisionedResource> {
        resources.withLock { made in OrderedDictionary(uniqueKeysWithValues: order.compactMap { name in made[name].map { (name, $0) } }) }
    }
}
