import Provisioning
import OrderedCollections

/// One resource's change between a stack's current template and a new one, as a change set describes it.
public struct ResourceChange: Sendable, Hashable {
    public enum Action: String, Sendable { case add = "Add", modify = "Modify", remove = "Remove" }
    /// Whether the change replaces the resource: `Conditional` when it depends on a value not known yet.
    public enum Replacement: String, Sendable { case yes = "True", no = "False", conditional = "Conditional" }

    public var logicalID: String
    public var resourceType: String
    public var action: Action
    public var replacement: Replacement?
    /// What changed: `Properties`, `Metadata`, `DeletionPolicy`/`UpdateReplacePolicy` (as `Metadata`-like scopes).
    public var scope: [String]
    /// The top-level properties whose values differ, in the new template's order.
    public var changedProperties: [String]
    /// The resource's physical id, for a resource that exists.
    public var physicalID: String? = nil
    /// Per changed property, why and how it changes.
    public var details: [Detail] = []

    /// One property's change, as `ResourceChangeDetail` reports it.
    public struct Detail: Sendable, Hashable {
        public var property: String
        /// `Always`, `Conditionally` or `Never`.
        public var requiresRecreation: String
        /// `Static` when the new value is known now, `Dynamic` when it depends on a resource still to be made.
        public var evaluation: String
        /// `DirectModification`, `ParameterReference` or `ResourceReference`.
        public var changeSource: String
        public var causingEntity: String?
        public var before: TemplateValue?
        public var after: TemplateValue?
    }
}

/// Compares two templates' resources the way a change set does.
public enum TemplateDiff {
    /// Per resource: added, removed, or modified in place or by replacement (a create-only property changed).
    public static func changes(from old: Template, to new: Template, catalog: ResourceCatalog) throws(TemplateError) -> [ResourceChange] {
        var changes: [ResourceChange] = []
        for (name, resource) in new.resources {
            guard let previous = old.resources[name] else {
                changes.append(ResourceChange(logicalID: name, resourceType: resource.type, action: .add, replacement: nil, scope: [], changedProperties: []))
                continue
            }
            guard previous.type == resource.type else {
                throw TemplateError("Update of resource type is not permitted. The new template modifies resource type of the following resources: [\(name)]")
            }
            let before = previous.properties?.objectValue ?? [:]
            let after = resource.properties?.objectValue ?? [:]
            var changed = Array(after.keys.filter { before[$0] != after[$0] })
            changed += before.keys.filter { after[$0] == nil }
            var scope: [String] = []
            if !changed.isEmpty { scope.append("Properties") }
            if previous.metadata != resource.metadata { scope.append("Metadata") }
            if previous.deletionPolicy != resource.deletionPolicy || previous.updateReplacePolicy != resource.updateReplacePolicy || previous.dependsOn != resource.dependsOn {
                if !scope.contains("Metadata") { scope.append("Metadata") }
            }
            guard !scope.isEmpty else { continue }
            let createOnly = catalog.schema(for: resource.type)?.createOnlyProperties ?? []
            var replacement = ResourceChange.Replacement.no
            for property in changed where createOnly.contains(property) {
                // A value still to be resolved may turn out equal: the replacement is then only possible.
                let unresolved = [before[property], after[property]].contains { $0.map(containsIntrinsic) == true }
                replacement = unresolved && replacement != .yes ? .conditional : .yes
            }
            changes.append(ResourceChange(
                logicalID: name, resourceType: resource.type, action: .modify, replacement: replacement, scope: scope, changedProperties: changed
            ))
        }
        for (name, resource) in old.resources where new.resources[name] == nil {
            changes.append(ResourceChange(logicalID: name, resourceType: resource.type, action: .remove, replacement: nil, scope: [], changedProperties: []))
        }
        return changes
    }

    static func containsIntrinsic(_ value: TemplateValue) -> Bool {
        if value.isIntrinsicFunction { return true }
        switch value {
        case .array(let items): return items.contains(where: containsIntrinsic)
        case .object(let members): return members.values.contains(where: containsIntrinsic)
        default: return false
        }
    }
}
