import OrderedCollections
import Provisioning

/// One step of an update, written down before it acts, so a failed or interrupted update can be undone (or its
/// cleanup finished) from the record alone.
public enum UpdateStep: Sendable, Hashable {
    /// A resource the new template adds.
    case added(logicalID: String)
    /// A resource changed in place: `previous` is how it was, `target` the properties it is being given.
    case modified(logicalID: String, previous: ProvisionedResource, target: TemplateValue)
    /// A resource replaced by a new one: `previous` is the original, `planned` the new one's id when known beforehand.
    case replaced(logicalID: String, previous: ProvisionedResource, planned: String?)
    /// A resource the new template no longer has, deleted in the cleanup.
    case removed(logicalID: String, resource: ProvisionedResource)

    public var logicalID: String {
        switch self {
        case .added(let name), .modified(let name, _, _), .replaced(let name, _, _), .removed(let name, _): name
        }
    }
}

/// A stack-level turn an update takes, for the caller to record as the stack's status.
public enum UpdatePhase: Sendable {
    /// `UPDATE_ROLLBACK_IN_PROGRESS`, with the failure that caused it.
    case rollingBack(reason: String)
    /// `UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS`: resources the update made are being deleted.
    case rollbackCleanup
    /// `UPDATE_COMPLETE_CLEANUP_IN_PROGRESS`: the new state stands (with these outputs); old resources are deleted.
    case cleanup(outputs: OrderedDictionary<String, (value: String, exportName: String?)>)
}

/// What an update tells its caller as it goes, and asks it: the steps to record, the phases, whether to stop.
public struct UpdateHooks: Sendable {
    public var journal: @Sendable (UpdateStep) async -> Void
    public var phase: @Sendable (UpdatePhase) async -> Void
    /// True once the update should stop and roll back (`CancelUpdateStack`).
    public var cancelled: @Sendable () -> Bool

    public init(
        journal: @escaping @Sendable (UpdateStep) async -> Void = { _ in }, phase: @escaping @Sendable (UpdatePhase) async -> Void = { _ in },
        cancelled: @escaping @Sendable () -> Bool = { false }
    ) {
        self.journal = journal
        self.phase = phase
        self.cancelled = cancelled
    }
}

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

    /// Moves a stack from `old` to `new`: adds, modifies in place, or replaces (a create-only property changed: the new
    /// resource first, the old one deleted in the cleanup). Each step is journaled before it acts; a failure (or a
    /// cancellation) undoes the steps in reverse; replaced and removed resources are deleted only once everything
    /// else succeeded.
    public func update(
        from old: Template, resources current: OrderedDictionary<String, ProvisionedResource>, to new: Template,
        parameters given: [String: String], settings: Settings, hooks: UpdateHooks = UpdateHooks(), record: @escaping Recorder
    ) async -> UpdateResult {
        let plan: Plan
        do {
            plan = try Plan(new, given: given, settings: settings, registry: registry)
        } catch {
            return UpdateResult(status: "UPDATE_ROLLBACK_COMPLETE", reason: error.message, resources: current, outputs: [:])
        }
        let made = Made()
        for (name, resource) in current where plan.order.contains(name) { made.insert(name, resource) }
        var steps: [UpdateStep] = []
        var failure: String?
        var pending = plan.order
        var done = Set<String>()
        // Resources change one dependency level at a time, each level concurrently.
        while failure == nil, !pending.isEmpty {
            if hooks.cancelled() {
                failure = "Resource update cancelled"
                break
            }
            let ready = pending.filter { (plan.dependencies[$0] ?? []).isSubset(of: done) }
            guard !ready.isEmpty else { break }
            pending.removeAll { ready.contains($0) }
            await withTaskGroup(of: (String, Result<UpdateStep?, ProvisioningFailure>).self) { group in
                for name in ready {
                    group.addTask { (name, await self.updateOne(name, previous: current[name], plan: plan, made: made, settings: settings, hooks: hooks, record: record)) }
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
        var outputs: OrderedDictionary<String, (value: String, exportName: String?)> = [:]
        if failure == nil {
            do { outputs = try plan.outputs(made: made) } catch { failure = error.message }
        }
        if let failure {
            await hooks.phase(.rollingBack(reason: failure))
            let state = made.all(order: Array(OrderedSet(current.keys).union(plan.order)))
            let undone = await rollBackUpdate(steps, resources: state, old: old, new: new, interrupted: false, settings: settings, hooks: hooks, record: record)
            return UpdateResult(status: undone ? "UPDATE_ROLLBACK_COMPLETE" : "UPDATE_ROLLBACK_FAILED", reason: failure, resources: current, outputs: [:])
        }
        let kept = Set(plan.order)
        for (name, resource) in current where !kept.contains(name) {
            let step = UpdateStep.removed(logicalID: name, resource: resource)
            await hooks.journal(step)
            steps.append(step)
        }
        await hooks.phase(.cleanup(outputs: outputs))
        await cleanUpUpdate(steps, old: old, settings: settings, record: record)
        return UpdateResult(status: "UPDATE_COMPLETE", reason: nil, resources: made.all(order: plan.order), outputs: outputs)
    }

    private func updateOne(
        _ name: String, previous: ProvisionedResource?, plan: Plan, made: Made, settings: Settings, hooks: UpdateHooks, record: @escaping Recorder
    ) async -> Result<UpdateStep?, ProvisioningFailure> {
        guard let previous else {
            await hooks.journal(.added(logicalID: name))
            switch await createOne(name, plan: plan, made: made, settings: settings, record: record) {
            case .success(let resource):
                made.insert(name, resource)
                return .success(.added(logicalID: name))
            case .failure(let error): return .failure(error)
            }
        }
        guard let declaration = plan.template.resources[name], let provider = registry.provider(for: declaration.type) else {
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
                region: settings.region, accountID: settings.accountID, stackTags: plan.tags(for: name), identity: settings.identity,
                replacing: replaces ? previous.physicalID : nil
            )
            let step: UpdateStep = replaces
                ? .replaced(logicalID: name, previous: previous, planned: provider.plannedPhysicalID(for: request))
                : .modified(logicalID: name, previous: previous, target: properties)
            await hooks.journal(step)
            await record(ResourceEvent(
                logicalID: name, type: declaration.type, status: .updateInProgress,
                reason: replaces ? "Requested update requires the creation of a new physical resource; hence creating one." : nil,
                physicalID: previous.physicalID
            ), previous)
            let resource = replaces ? try await provider.create(request) : try await provider.update(request, current: previous)
            made.insert(name, resource)
            await record(ResourceEvent(logicalID: name, type: declaration.type, status: .updateComplete, physicalID: resource.physicalID), resource)
            return .success(step)
        } catch {
            let message = StackEngine.reason(for: error)
            await record(ResourceEvent(logicalID: name, type: declaration.type, status: .updateFailed, reason: message, physicalID: previous.physicalID), previous)
            return .failure(ProvisioningFailure(message: message))
        }
    }

    /// Undoes an update's steps, newest first: modified resources are changed back and replaced ones switched back
    /// to their originals; then (`UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS`) what the update created is deleted.
    /// `resources` is the stack's state now; `interrupted` when the steps come from the journal of a stopped server,
    /// so a replacement whose create had only begun is looked for under its planned id. False when some step
    /// could not be undone.
    public func rollBackUpdate(
        _ steps: [UpdateStep], resources: OrderedDictionary<String, ProvisionedResource>, old: Template, new: Template, interrupted: Bool,
        settings: Settings, hooks: UpdateHooks = UpdateHooks(), record: @escaping Recorder
    ) async -> Bool {
        var complete = true
        var created: [(name: String, resource: ProvisionedResource, declaration: ResourceDeclaration, former: Bool)] = []
        for step in steps.reversed() {
            switch step {
            case .added(let name):
                guard let resource = resources[name], let declaration = new.resources[name] ?? old.resources[name] else { continue }
                created.append((name, resource, declaration, false))
            case .replaced(let name, let previous, let planned):
                guard let declaration = new.resources[name] ?? old.resources[name] else { continue }
                if let replacement = resources[name], replacement.physicalID != previous.physicalID {
                    created.append((name, replacement, declaration, true))
                    await record(ResourceEvent(logicalID: name, type: declaration.type, status: .updateComplete, physicalID: previous.physicalID), previous)
                } else if interrupted, let planned, planned != previous.physicalID {
                    created.append((name, ProvisionedResource(physicalID: planned, attributes: [:], properties: .object([:])), declaration, true))
                }
            case .modified(let name, let previous, let target):
                guard var changed = resources[name], let declaration = old.resources[name], let provider = registry.provider(for: declaration.type) else { continue }
                if changed == previous {
                    // Recorded as unchanged, but a stopped server may have changed it without recording so: undo every
                    // property the update was setting.
                    guard interrupted else { continue }
                    changed.properties = target
                }
                let request = ResourceRequest(
                    logicalID: name, type: declaration.type, properties: previous.properties, stackName: settings.stackName, stackID: settings.stackID,
                    region: settings.region, accountID: settings.accountID, stackTags: settings.tags + [
                        ("aws:cloudformation:stack-name", settings.stackName), ("aws:cloudformation:stack-id", settings.stackID),
                        ("aws:cloudformation:logical-id", name),
                    ], identity: settings.identity
                )
                await record(ResourceEvent(logicalID: name, type: declaration.type, status: .updateInProgress, physicalID: changed.physicalID), changed)
                do {
                    let restored = try await provider.update(request, current: changed)
                    await record(ResourceEvent(logicalID: name, type: declaration.type, status: .updateComplete, physicalID: restored.physicalID), restored)
                } catch {
                    complete = false
                    await record(ResourceEvent(logicalID: name, type: declaration.type, status: .updateFailed, reason: StackEngine.reason(for: error), physicalID: changed.physicalID), changed)
                }
            case .removed:
                continue  // removed resources are deleted only in the cleanup of a successful update
            }
        }
        guard complete else { return false }
        await hooks.phase(.rollbackCleanup)
        for item in created {
            var disposable = item.declaration
            disposable.deletionPolicy = "Delete"
            complete = await deleteOne(item.name, item.resource, disposable, onCreateRollback: true, former: item.former, settings: settings, record: record) && complete
        }
        return complete
    }

    /// The cleanup of a successful update: replaced originals are deleted (unless their `UpdateReplacePolicy` keeps
    /// them), then the resources the new template dropped, dependents first. Failures here leave the resource
    /// behind but do not fail the update, as in CloudFormation.
    public func cleanUpUpdate(_ steps: [UpdateStep], old: Template, settings: Settings, record: @escaping Recorder) async {
        for case .replaced(let name, let previous, _) in steps {
            guard let declaration = old.resources[name] else { continue }
            var retained = declaration
            retained.deletionPolicy = declaration.updateReplacePolicy
            _ = await deleteOne(name, previous, retained, onCreateRollback: false, former: true, settings: settings, record: record)
        }
        var removed = OrderedDictionary<String, ProvisionedResource>()
        for case .removed(let name, let resource) in steps where old.resources[name] != nil { removed[name] = resource }
        let oldDependencies = (try? DependencyGraph(old).dependencies) ?? [:]
        _ = await deleteAll(removed, template: old, dependencies: oldDependencies, onCreateRollback: false, settings: settings, record: record)
    }
}
