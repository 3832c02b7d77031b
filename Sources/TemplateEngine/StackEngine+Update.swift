import OrderedCollections
import Provisioning

extension StackEngine {
    /// How an update ended.
    public struct UpdateResult: Sendable {
        /// `UPDATE_COMPLETE`, `UPDATE_ROLLBACK_COMPLETE` or `UPDATE_ROLLBACK_FAILED`.
        public var status: String
        public var reason: String?
        /// The stack's resources afterwards: the new set, or after a rollback the previous one.
        public var resources: OrderedDictionary<String, ProvisionedResource>
        public var outputs: OrderedDictionary<String, (value: String, exportName: String?)>
    }

    /// What the update did to one resource, so a rollback can undo it.
    private enum Step: Sendable {
        case added(String)
        case modified(String, previous: ProvisionedResource)
        case replaced(String, previous: ProvisionedResource)
    }

    /// Moves a stack from `old` to `new`: adds, modifies in place, or replaces (a create-only property changed: the new
    /// resource first, the old one deleted in the cleanup). A failure undoes every step in reverse; removed and
    /// replaced resources are deleted only once everything else succeeded.
    public func update(
        from old: Template, resources current: OrderedDictionary<String, ProvisionedResource>, to new: Template,
        parameters given: [String: String], settings: Settings, record: @escaping Recorder
    ) async -> UpdateResult {
        let plan: Plan
        do {
            plan = try Plan(new, given: given, settings: settings, registry: registry)
        } catch {
            return UpdateResult(status: "UPDATE_ROLLBACK_COMPLETE", reason: error.message, resources: current, outputs: [:])
        }
        let made = Made()
        for (name, resource) in current where plan.order.contains(name) { made.insert(name, resource) }
        var steps: [Step] = []
        var failure: String?
        var pending = plan.order
        var done = Set<String>()
        // Resources change one dependency level at a time, each level concurrently.
        while failure == nil, !pending.isEmpty {
            let ready = pending.filter { (plan.dependencies[$0] ?? []).isSubset(of: done) }
            guard !ready.isEmpty else { break }
            pending.removeAll { ready.contains($0) }
            await withTaskGroup(of: (String, Result<Step?, ProvisioningFailure>).self) { group in
                for name in ready {
                    group.addTask { (name, await self.updateOne(name, previous: current[name], plan: plan, made: made, settings: settings, record: record)) }
                }
                for await (name, result) in group {
                    switch result {
                    case .success(let step): if let step { steps.append(step) }
                    case .failure(let error): failure = failure ?? "The following resource(s) failed to update: [\(name)]. \(error.message)"
                    }
                    done.insert(name)
                }
            }
        }
        if let failure {
            let undone = await undo(steps, old: old, new: new, made: made, settings: settings, record: record)
            return UpdateResult(status: undone ? "UPDATE_ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_FAILED", reason: failure, resources: current, outputs: [:])
        }
        // Cleanup: replaced originals (unless UpdateReplacePolicy keeps them), then resources the new template dropped.
        for case .replaced(let name, let previous) in steps {
            guard let declaration = old.resources[name] else { continue }
            var retained = declaration
            retained.deletionPolicy = declaration.updateReplacePolicy
            _ = await deleteOne(name, previous, retained, onCreateRollback: false, settings: settings, record: record)
        }
        let removed = current.filter { !plan.order.contains($0.key) }
        let oldDependencies = (try? DependencyGraph(old).dependencies) ?? [:]
        _ = await deleteAll(removed, template: old, dependencies: oldDependencies, onCreateRollback: false, settings: settings, record: record)
        let outputs = (try? plan.outputs(made: made)) ?? [:]
        return UpdateResult(status: "UPDATE_COMPLETE", reason: nil, resources: made.all(order: plan.order), outputs: outputs)
    }

    private func updateOne(
        _ name: String, previous: ProvisionedResource?, plan: Plan, made: Made, settings: Settings, record: @escaping Recorder
    ) async -> Result<Step?, ProvisioningFailure> {
        guard let previous else {
            switch await createOne(name, plan: plan, made: made, settings: settings, record: record) {
            case .success(let resource):
                made.insert(name, resource)
                return .success(.added(name))
            case .failure(let error): return .failure(error)
            }
        }
        guard let declaration = plan.template.resources[name], let provider = registry.providers[declaration.type] else {
            return .failure(ProvisioningFailure(message: "Unrecognized resource type"))
        }
        do {
            let properties = try Intrinsics.resolve(declaration.properties ?? .object([:]), in: plan.context(made: made)) ?? .object([:])
            guard properties != previous.properties else { return .success(nil) }
            try provider.schema.validate(properties, logicalID: name)
            let before = previous.properties.objectValue ?? [:], after = properties.objectValue ?? [:]
            let replaces = provider.schema.createOnlyProperties.contains { before[$0] != after[$0] }
            let request = ResourceRequest(
                logicalID: name, type: declaration.type, properties: properties, stackName: settings.stackName, stackID: settings.stackID,
                region: settings.region, accountID: settings.accountID, stackTags: plan.tags(for: name), identity: settings.identity
            )
            await record(ResourceEvent(
                logicalID: name, type: declaration.type, status: .updateInProgress,
                reason: replaces ? "Requested update requires the creation of a new physical resource; hence creating one." : nil,
                physicalID: previous.physicalID
            ), previous)
            let resource = replaces ? try await provider.create(request) : try await provider.update(request, current: previous)
            made.insert(name, resource)
            await record(ResourceEvent(logicalID: name, type: declaration.type, status: .updateComplete, physicalID: resource.physicalID), resource)
            return .success(replaces ? .replaced(name, previous: previous) : .modified(name, previous: previous))
        } catch {
            let message = StackEngine.reason(for: error)
            await record(ResourceEvent(logicalID: name, type: declaration.type, status: .updateFailed, reason: message, physicalID: previous.physicalID), previous)
            return .failure(ProvisioningFailure(message: message))
        }
    }

    /// Undoes the steps, newest first; false when some step could not be undone.
    private func undo(_ steps: [Step], old: Template, new: Template, made: Made, settings: Settings, record: @escaping Recorder) async -> Bool {
        var complete = true
        for step in steps.reversed() {
            switch step {
            case .added(let name):
                guard let resource = made.get(name), let declaration = new.resources[name] else { continue }
                var disposable = declaration
                disposable.deletionPolicy = "Delete"
                complete = await deleteOne(name, resource, disposable, onCreateRollback: true, settings: settings, record: record) && complete
            case .replaced(let name, let previous):
                guard let replacement = made.get(name), let declaration = new.resources[name] else { continue }
                var disposable = declaration
                disposable.deletionPolicy = "Delete"
                complete = await deleteOne(name, replacement, disposable, onCreateRollback: true, settings: settings, record: record) && complete
                made.insert(name, previous)
            case .modified(let name, let previous):
                guard let changed = made.get(name), let declaration = old.resources[name], let provider = registry.providers[declaration.type] else { continue }
                let request = ResourceRequest(
                    logicalID: name, type: declaration.type, properties: previous.properties, stackName: settings.stackName, stackID: settings.stackID,
                    region: settings.region, accountID: settings.accountID, stackTags: [], identity: settings.identity
                )
                await record(ResourceEvent(logicalID: name, type: declaration.type, status: .updateInProgress, physicalID: changed.physicalID), changed)
                do {
                    let restored = try await provider.update(request, current: changed)
                    made.insert(name, restored)
                    await record(ResourceEvent(logicalID: name, type: declaration.type, status: .updateComplete, physicalID: restored.physicalID), restored)
                } catch {
                    complete = false
                    await record(ResourceEvent(logicalID: name, type: declaration.type, status: .updateFailed, reason: StackEngine.reason(for: error), physicalID: changed.physicalID), changed)
                }
            }
        }
        return complete
    }
}
