import Foundation
import MetadataStore
import OrderedCollections
import Provisioning
import SQLKit
import TemplateEngine

/// Stack updates as stored: the switch to the new template (keeping the previous one), the journal of steps an
/// update takes, and its end — the new state kept or the previous one restored.
extension StackStore {
    /// The statuses an update may start from.
    static let updatableStatuses = ["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE"]

    /// Switches a stack to `updated`'s template, parameters and settings in `UPDATE_IN_PROGRESS`, keeping what it
    /// was to roll back to; false (nothing changed) when the stack is no longer in an updatable status.
    func beginUpdate(_ updated: StackRecord, previous: StackRecord.PreviousState, now: Date) async throws -> Bool {
        try await database.transaction { db in
            let allowed = Self.updatableStatuses.map { "'\($0)'" }.joined(separator: ", ")
            let row = try await db.raw("""
                UPDATE cfn_stacks SET status = 'UPDATE_IN_PROGRESS', status_reason = 'User Initiated', template_body = \(bind: updated.templateBody),
                    parameters_json = \(bind: Self.json(updated.parameters)), tags_json = \(bind: Self.json(updated.tags)),
                    capabilities_json = \(bind: Self.json(updated.capabilities)), role_arn = \(bind: updated.roleARN), description = \(bind: updated.description),
                    previous_json = \(bind: Self.json(previous)), imports_json = \(bind: Self.json(updated.imports)),
                    last_updated_ms = \(bind: Self.ms(now)), updated_ms = \(bind: Self.ms(now))
                WHERE stack_id = \(bind: updated.stackID) AND deleted_ms IS NULL AND status IN (\(unsafeRaw: allowed))
                RETURNING stack_id
                """).first()
            guard row != nil else { return false }
            try await db.raw("DELETE FROM cfn_update_steps WHERE stack_id = \(bind: updated.stackID)").run()
            return true
        }
    }

    /// Writes down one step of the update in progress, before it acts.
    func journal(_ stackID: String, _ step: UpdateStep) async throws {
        try await database.transaction { db in
            let seq = try await db.raw("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM cfn_update_steps WHERE stack_id = \(bind: stackID)").first()?.int64("next") ?? 1
            try await db.raw("""
                INSERT INTO cfn_update_steps (stack_id, seq, step_json) VALUES (\(bind: stackID), \(bind: seq), \(bind: Self.encode(step).jsonText))
                """).run()
        }
    }

    /// The steps the stack's last update journaled, in order.
    func journaledSteps(_ stackID: String) async throws -> [UpdateStep] {
        try await database.read { db in
            try await db.raw("SELECT step_json FROM cfn_update_steps WHERE stack_id = \(bind: stackID) ORDER BY seq").all().compactMap { row in
                row.string("step_json").flatMap { try? TemplateParser.parse($0) }.flatMap(Self.decodeStep)
            }
        }
    }

    /// Ends an update: `restore` puts back the template and settings it started from (a rollback); either way the
    /// journal and the previous state go, and resources deleted along the way leave the resource list.
    func finishUpdate(_ stackID: String, status: String, reason: String?, outputs: [StackRecord.StoredOutput]?, restore: Bool, now: Date) async throws {
        try await database.transaction { db in
            if restore, let row = try await db.raw("SELECT previous_json FROM cfn_stacks WHERE stack_id = \(bind: stackID)").first(),
               let previous = Self.decode(StackRecord.PreviousState.self, row.string("previous_json")) {
                try await db.raw("""
                    UPDATE cfn_stacks SET template_body = \(bind: previous.templateBody), parameters_json = \(bind: Self.json(previous.parameters)),
                        tags_json = \(bind: Self.json(previous.tags)), capabilities_json = \(bind: Self.json(previous.capabilities)),
                        role_arn = \(bind: previous.roleARN), description = \(bind: previous.description), imports_json = \(bind: Self.json(previous.imports ?? []))
                    WHERE stack_id = \(bind: stackID)
                    """).run()
            }
            try await db.raw("""
                UPDATE cfn_stacks SET status = \(bind: status), status_reason = \(bind: reason), previous_json = NULL, updated_ms = \(bind: Self.ms(now))
                WHERE stack_id = \(bind: stackID)
                """).run()
            if let outputs {
                try await db.raw("UPDATE cfn_stacks SET outputs_json = \(bind: Self.json(outputs)) WHERE stack_id = \(bind: stackID)").run()
            }
            try await db.raw("DELETE FROM cfn_update_steps WHERE stack_id = \(bind: stackID)").run()
            try await db.raw("DELETE FROM cfn_stack_resources WHERE stack_id = \(bind: stackID) AND status = 'DELETE_COMPLETE'").run()
        }
    }

    static func encode(_ resource: ProvisionedResource) -> TemplateValue {
        .object([
            "physicalID": .string(resource.physicalID), "properties": resource.properties,
            "attributes": .object(OrderedDictionary(uniqueKeysWithValues: resource.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
        ])
    }

    static func decodeResource(_ value: TemplateValue?) -> ProvisionedResource? {
        guard let value, let id = value["physicalID"]?.stringValue else { return nil }
        let attributes = Dictionary(uniqueKeysWithValues: (value["attributes"]?.objectValue ?? [:]).map { ($0.key, $0.value) })
        return ProvisionedResource(physicalID: id, attributes: attributes, properties: value["properties"] ?? .object([:]))
    }

    static func encode(_ step: UpdateStep) -> TemplateValue {
        switch step {
        case .added(let name): .object(["kind": .string("added"), "logicalID": .string(name)])
        case .modified(let name, let previous, let target):
            .object(["kind": .string("modified"), "logicalID": .string(name), "previous": encode(previous), "target": target])
        case .replaced(let name, let previous, let planned):
            .object(["kind": .string("replaced"), "logicalID": .string(name), "previous": encode(previous), "planned": planned.map(TemplateValue.string) ?? .null])
        case .removed(let name, let resource): .object(["kind": .string("removed"), "logicalID": .string(name), "previous": encode(resource)])
        }
    }

    static func decodeStep(_ value: TemplateValue) -> UpdateStep? {
        guard let name = value["logicalID"]?.stringValue else { return nil }
        switch value["kind"]?.stringValue {
        case "added": return .added(logicalID: name)
        case "modified": return decodeResource(value["previous"]).map { .modified(logicalID: name, previous: $0, target: value["target"] ?? .object([:])) }
        case "replaced": return decodeResource(value["previous"]).map { .replaced(logicalID: name, previous: $0, planned: value["planned"]?.stringValue) }
        case "removed": return decodeResource(value["previous"]).map { .removed(logicalID: name, resource: $0) }
        default: return nil
        }
    }
}

/// Exports and imports across an account's stacks in a region.
extension StackStore {
    /// The exports of live stacks and who imports each, seen from `stackID`.
    func exportView(for stackID: String, account: String, region: String) async throws -> ExportView {
        let stacks = try await liveStacks(account: account, region: region)
        var exports: [String: ExportView.Export] = [:]
        var importers: [String: [String]] = [:]
        for stack in stacks {
            for output in stack.outputs {
                if let name = output.exportName { exports[name] = ExportView.Export(value: output.value, stackID: stack.stackID, stackName: stack.name) }
            }
            for name in stack.imports where stack.stackID != stackID { importers[name, default: []].append(stack.name) }
        }
        return ExportView(stackID: stackID, exports: exports, importers: importers)
    }

    /// Records the export names a stack's template imports.
    func setImports(_ stackID: String, _ imports: [String]) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE cfn_stacks SET imports_json = \(bind: Self.json(imports)) WHERE stack_id = \(bind: stackID)").run()
        }
    }
}

extension StackStore {
    /// Turns a stack's termination protection on or off.
    func setTerminationProtection(_ stackID: String, _ enabled: Bool) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE cfn_stacks SET termination_protection = \(bind: enabled ? 1 : 0) WHERE stack_id = \(bind: stackID)").run()
        }
    }
}
