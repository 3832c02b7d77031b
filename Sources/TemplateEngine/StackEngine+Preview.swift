import OrderedCollections
import Provisioning

extension StackEngine {
    /// What CloudFormation shows for a value that is known only once the change runs.
    public static let knownAfterApply = "{{changeSet:KNOWN_AFTER_APPLY}}"

    /// What an update from `old` to `new` would do, as a change set shows it: each resource added, removed, or
    /// modified — its properties resolved with the new parameters against the resources as they are, compared with
    /// the properties they were made with — in place (`Replacement: False`), by replacement (`True`), or by
    /// replacement only if a value still unknown turns out different (`Conditional`). Throws what the update would
    /// refuse before starting (a bad template or parameter, a changed resource type).
    public func preview(
        from old: Template, resources current: OrderedDictionary<String, ProvisionedResource>, previousParameters: [String: String],
        to new: Template, parameters given: [String: String], settings: Settings
    ) throws(TemplateError) -> [ResourceChange] {
        let plan = try Plan(new, given: given, settings: settings, registry: registry)
        let raw = Dictionary(uniqueKeysWithValues: try TemplateDiff.changes(from: old, to: new, catalog: registry.catalog).map { ($0.logicalID, $0) })
        let previousValues = (try? StackParameters.resolve(old, given: previousParameters)) ?? [:]
        let changedParameters = Set(plan.baseContext.parameters.keys.filter { plan.baseContext.parameters[$0] != previousValues[$0] })
        let included = Set(plan.order)
        // Resources whose physical id the change makes unknown (new ones, replaced ones), in dependency order.
        var unknown = Set(plan.order.filter { current[$0] == nil })
        var context = plan.baseContext
        let known = Made()
        for (name, resource) in current where included.contains(name) { known.insert(name, resource) }
        var changes: [ResourceChange] = []
        let waves = (try? DependencyGraph(new))?.creationWaves.flatMap { $0 }.filter(included.contains) ?? plan.order
        for name in waves {
            guard let declaration = new.resources[name] else { continue }
            guard let existing = current[name] else {
                changes.append(ResourceChange(logicalID: name, resourceType: declaration.type, action: .add, replacement: nil, scope: [], changedProperties: []))
                continue
            }
            let pending = unknown
            context.reference = { name in pending.contains(name) ? .string(Self.knownAfterApply) : known.get(name).map { .string($0.physicalID) } }
            context.attribute = { name, attribute in pending.contains(name) ? .string(Self.knownAfterApply) : known.get(name)?.attributes[attribute] }
            let resolved = (try? Intrinsics.resolve(declaration.properties ?? .object([:]), in: context) ?? .object([:])) ?? .object([:])
            let before = existing.properties.objectValue ?? [:], after = resolved.objectValue ?? [:]
            var changed = Array(after.keys.filter { before[$0] != after[$0] })
            changed += before.keys.filter { after[$0] == nil }
            guard !changed.isEmpty else { continue }
            let createOnly = registry.provider(for: declaration.type)?.schema.createOnlyProperties ?? []
            let oldProperties = old.resources[name]?.properties?.objectValue ?? [:]
            let newProperties = declaration.properties?.objectValue ?? [:]
            var details: [ResourceChange.Detail] = []
            var replacement = ResourceChange.Replacement.no
            for property in changed {
                let dynamic = after[property].map(Self.containsUnknown) ?? false
                let recreation = createOnly.contains(property) ? (dynamic ? "Conditionally" : "Always") : "Never"
                if recreation == "Always" { replacement = .yes } else if recreation == "Conditionally", replacement != .yes { replacement = .conditional }
                var source = "DirectModification", causing: String?
                if oldProperties[property] == newProperties[property], let expression = newProperties[property] {
                    let references = DependencyGraph.references(in: expression, of: new)
                    if let parameter = references.sorted().first(where: { changedParameters.contains($0) && new.parameters[$0] != nil }) {
                        source = "ParameterReference"
                        causing = parameter
                    } else {
                        source = "ResourceReference"
                        causing = references.sorted().first { pending.contains($0) }
                    }
                }
                details.append(ResourceChange.Detail(
                    property: property, requiresRecreation: recreation, evaluation: dynamic ? "Dynamic" : "Static", changeSource: source,
                    causingEntity: causing, before: before[property], after: after[property]
                ))
            }
            if replacement != .no { unknown.insert(name) }
            var change = ResourceChange(
                logicalID: name, resourceType: declaration.type, action: .modify, replacement: replacement,
                scope: ["Properties"] + (raw[name]?.scope.filter { $0 != "Properties" } ?? []),
                changedProperties: changed
            )
            change.physicalID = existing.physicalID
            change.details = details
            changes.append(change)
        }
        for (name, resource) in current where !included.contains(name) {
            var change = ResourceChange(
                logicalID: name, resourceType: old.resources[name]?.type ?? "", action: .remove, replacement: nil, scope: [], changedProperties: []
            )
            change.physicalID = resource.physicalID
            changes.append(change)
        }
        return changes
    }

    static func containsUnknown(_ value: TemplateValue) -> Bool {
        switch value {
        case .string(let text): text.contains(knownAfterApply)
        case .array(let items): items.contains(where: containsUnknown)
        case .object(let members): members.values.contains(where: containsUnknown)
        default: false
        }
    }
}
