import Foundation
import MetadataStore
import Provisioning
import SQLKit
import SlipwayCore
import TemplateEngine

/// The CloudFormation tables: every read and write of stacks, their resources and events.
struct StackStore: Sendable {
    let database: any MetadataDatabase

    static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ ms: Int64?) -> Date? { ms.map { Date(timeIntervalSince1970: Double($0) / 1000) } }

    static func json<T: Encodable>(_ value: T) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String?) -> T? {
        text.flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }

    /// Stores a new stack; a live stack of the same name in the account and region is `AlreadyExistsException`.
    func insert(_ stack: StackRecord) async throws {
        try await database.transaction { db in
            let live = try await db.raw("""
                SELECT stack_id FROM cfn_stacks WHERE account_id = \(bind: stack.accountID) AND region = \(bind: stack.region)
                AND stack_name = \(bind: stack.name) AND deleted_ms IS NULL
                """).first()
            guard live == nil else { throw CloudFormationError.alreadyExists(stack.name) }
            try await db.raw("""
                INSERT INTO cfn_stacks (stack_id, account_id, region, stack_name, status, status_reason, description, template_body,
                    parameters_json, outputs_json, tags_json, capabilities_json, role_arn, principal_json, disable_rollback, created_ms,
                    termination_protection, imports_json, parent_id, root_id)
                VALUES (\(bind: stack.stackID), \(bind: stack.accountID), \(bind: stack.region), \(bind: stack.name), \(bind: stack.status),
                    \(bind: stack.statusReason), \(bind: stack.description), \(bind: stack.templateBody), \(bind: Self.json(stack.parameters)),
                    \(bind: Self.json(stack.outputs)), \(bind: Self.json(stack.tags)), \(bind: Self.json(stack.capabilities)), \(bind: stack.roleARN),
                    \(bind: stack.principal.map { Self.json($0) }), \(bind: stack.disableRollback ? 1 : 0), \(bind: Self.ms(stack.created)),
                    \(bind: stack.terminationProtection ? 1 : 0), \(bind: Self.json(stack.imports)), \(bind: stack.parentID), \(bind: stack.rootID))
                """).run()
        }
    }

    private static func stack(from row: any SQLRow) -> StackRecord? {
        guard let id = row.string("stack_id"), let account = row.string("account_id"), let region = row.string("region"),
              let name = row.string("stack_name"), let status = row.string("status")
        else { return nil }
        return StackRecord(
            stackID: id, accountID: account, region: region, name: name, status: status, statusReason: row.string("status_reason"),
            description: row.string("description"), templateBody: row.string("template_body") ?? "",
            parameters: decode([String: String].self, row.string("parameters_json")) ?? [:],
            outputs: decode([StackRecord.StoredOutput].self, row.string("outputs_json")) ?? [],
            tags: decode([StackTagShape].self, row.string("tags_json")) ?? [],
            capabilities: decode([String].self, row.string("capabilities_json")) ?? [], roleARN: row.string("role_arn"),
            principal: decode(StoredPrincipal.self, row.string("principal_json")),
            disableRollback: row.int("disable_rollback") == 1, created: date(row.int64("created_ms")) ?? Date(),
            updated: date(row.int64("updated_ms")), deleted: date(row.int64("deleted_ms")), lastUpdated: date(row.int64("last_updated_ms")),
            terminationProtection: row.int("termination_protection") == 1, previous: decode(StackRecord.PreviousState.self, row.string("previous_json")),
            imports: decode([String].self, row.string("imports_json")) ?? [], parentID: row.string("parent_id"), rootID: row.string("root_id")
        )
    }

    /// The stack a name (live stacks only) or a stack id (deleted ones too) refers to, in the caller's account and region.
    func stack(_ nameOrID: String, account: String, region: String) async throws -> StackRecord? {
        try await database.read { db in
            let row = nameOrID.hasPrefix("arn:")
                ? try await db.raw("SELECT * FROM cfn_stacks WHERE stack_id = \(bind: nameOrID) AND account_id = \(bind: account)").first()
                : try await db.raw("""
                    SELECT * FROM cfn_stacks WHERE account_id = \(bind: account) AND region = \(bind: region) AND stack_name = \(bind: nameOrID)
                    AND deleted_ms IS NULL
                    """).first()
            return row.flatMap(Self.stack(from:))
        }
    }

    /// Stacks an operation was running on when the server stopped, newest first (so nested stacks come before the
    /// stacks that hold them).
    func interruptedStacks() async throws -> [StackRecord] {
        try await database.read { db in
            try await db.raw("SELECT * FROM cfn_stacks WHERE status LIKE '%_IN_PROGRESS' AND deleted_ms IS NULL ORDER BY created_ms DESC")
                .all().compactMap(Self.stack(from:))
        }
    }

    /// Every stack of an account in a region, deleted ones included, newest first.
    func allStacks(account: String, region: String) async throws -> [StackRecord] {
        try await database.read { db in
            try await db.raw("""
                SELECT * FROM cfn_stacks WHERE account_id = \(bind: account) AND region = \(bind: region) ORDER BY created_ms DESC
                """).all().compactMap(Self.stack(from:))
        }
    }

    /// The live stacks of an account in a region, newest first.
    func liveStacks(account: String, region: String) async throws -> [StackRecord] {
        try await database.read { db in
            try await db.raw("""
                SELECT * FROM cfn_stacks WHERE account_id = \(bind: account) AND region = \(bind: region) AND deleted_ms IS NULL
                ORDER BY created_ms DESC
                """).all().compactMap(Self.stack(from:))
        }
    }

    /// Sets a stack's status (and, when given, its outputs); a stack that reached DELETE_COMPLETE is marked deleted.
    func setStatus(_ stackID: String, _ status: String, reason: String?, outputs: [StackRecord.StoredOutput]? = nil, now: Date) async throws {
        try await database.transaction { db in
            let deleted: Int64? = status == "DELETE_COMPLETE" ? Self.ms(now) : nil
            try await db.raw("""
                UPDATE cfn_stacks SET status = \(bind: status), status_reason = \(bind: reason), updated_ms = \(bind: Self.ms(now)),
                deleted_ms = COALESCE(deleted_ms, \(bind: deleted))
                WHERE stack_id = \(bind: stackID)
                """).run()
            if let outputs {
                try await db.raw("UPDATE cfn_stacks SET outputs_json = \(bind: Self.json(outputs)) WHERE stack_id = \(bind: stackID)").run()
            }
        }
    }

    /// Records one event and the resource's state it leaves, in one transaction.
    func record(_ stackID: String, _ event: ResourceEvent, resource: ProvisionedResource?, now: Date) async throws {
        try await database.transaction { db in
            let seq = try await db.raw("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM cfn_stack_events WHERE stack_id = \(bind: stackID)").first()?.int64("next") ?? 1
            try await db.raw("""
                INSERT INTO cfn_stack_events (event_id, stack_id, seq, logical_id, physical_id, resource_type, status, status_reason, time_ms)
                VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: stackID), \(bind: seq), \(bind: event.logicalID), \(bind: event.physicalID ?? resource?.physicalID),
                    \(bind: event.type), \(bind: event.status.rawValue), \(bind: event.reason), \(bind: Self.ms(now)))
                """).run()
            guard !event.former else { return }
            let properties = resource?.properties.jsonText
            let attributes = resource.map { Self.json($0.attributes.mapValues(\.jsonValue)) }
            try await db.raw("DELETE FROM cfn_stack_resources WHERE stack_id = \(bind: stackID) AND logical_id = \(bind: event.logicalID)").run()
            try await db.raw("""
                INSERT INTO cfn_stack_resources (stack_id, logical_id, resource_type, physical_id, status, status_reason, properties_json, attributes_json, updated_ms)
                VALUES (\(bind: stackID), \(bind: event.logicalID), \(bind: event.type), \(bind: event.physicalID ?? resource?.physicalID),
                    \(bind: event.status.rawValue), \(bind: event.reason), \(bind: properties), \(bind: attributes), \(bind: Self.ms(now)))
                """).run()
        }
    }

    /// Records a stack-level event (the stack's own status changes appear in its event list).
    func recordStackEvent(_ stack: StackRecord, status: String, reason: String?, now: Date) async throws {
        try await database.transaction { db in
            let seq = try await db.raw("SELECT COALESCE(MAX(seq), 0) + 1 AS next FROM cfn_stack_events WHERE stack_id = \(bind: stack.stackID)").first()?.int64("next") ?? 1
            try await db.raw("""
                INSERT INTO cfn_stack_events (event_id, stack_id, seq, logical_id, physical_id, resource_type, status, status_reason, time_ms)
                VALUES (\(bind: UUID().uuidString.lowercased()), \(bind: stack.stackID), \(bind: seq), \(bind: stack.name), \(bind: stack.stackID),
                    'AWS::CloudFormation::Stack', \(bind: status), \(bind: reason), \(bind: Self.ms(now)))
                """).run()
        }
    }

    /// A stack's events, newest first.
    func events(_ stackID: String) async throws -> [StackEventRecord] {
        try await database.read { db in
            try await db.raw("SELECT * FROM cfn_stack_events WHERE stack_id = \(bind: stackID) ORDER BY seq DESC").all().compactMap { row in
                guard let id = row.string("event_id"), let logical = row.string("logical_id"), let type = row.string("resource_type"), let status = row.string("status") else { return nil }
                return StackEventRecord(
                    eventID: id, logicalID: logical, physicalID: row.string("physical_id"), type: type, status: status,
                    reason: row.string("status_reason"), time: Self.date(row.int64("time_ms")) ?? Date()
                )
            }
        }
    }

    /// A stack's resources as last recorded.
    func resources(_ stackID: String) async throws -> [StackResourceRecord] {
        try await database.read { db in
            try await db.raw("SELECT * FROM cfn_stack_resources WHERE stack_id = \(bind: stackID)").all().compactMap { row in
                guard let logical = row.string("logical_id"), let type = row.string("resource_type"), let status = row.string("status") else { return nil }
                let properties = row.string("properties_json").flatMap { try? TemplateParser.parse($0) }
                let attributes = (Self.decode([String: JSONValueBox].self, row.string("attributes_json")) ?? [:]).mapValues(\.value)
                return StackResourceRecord(
                    logicalID: logical, type: type, physicalID: row.string("physical_id"), status: status, reason: row.string("status_reason"),
                    properties: properties, attributes: attributes, updated: Self.date(row.int64("updated_ms")) ?? Date()
                )
            }
        }
    }
}

/// A stored attribute read back as a template value (attributes are plain JSON).
struct JSONValueBox: Decodable {
    let value: TemplateValue

    init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        value = Self.convert(json)
    }

    static func convert(_ json: JSONValue) -> TemplateValue {
        switch json {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .number(let number): .number(number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number))
        case .string(let text): .string(text)
        case .array(let items): .array(items.map(convert))
        case .object(let members): .object(.init(uniqueKeysWithValues: members.sorted { $0.key < $1.key }.map { ($0.key, convert($0.value)) }))
        }
    }
}
