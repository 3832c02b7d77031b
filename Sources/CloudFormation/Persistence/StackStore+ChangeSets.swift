import Foundation
import MetadataStore
import SQLKit

/// Change sets as stored, and the stack switches their execution makes.
extension StackStore {
    /// Stores a change set; with `newStack`, first the `REVIEW_IN_PROGRESS` stack a `CREATE` change set proposes.
    /// A change set of the same name on the stack is `AlreadyExistsException`.
    func insert(_ changeSet: ChangeSetRecord, newStack: StackRecord?) async throws {
        if let newStack { try await insert(newStack) }
        try await database.transaction { db in
            let existing = try await db.raw("""
                SELECT change_set_id FROM cfn_change_sets WHERE stack_id = \(bind: changeSet.stackID) AND change_set_name = \(bind: changeSet.name)
                """).first()
            guard existing == nil else {
                throw CloudFormationError(code: "AlreadyExistsException", message: "ChangeSet [\(changeSet.name)] already exists", httpStatus: 400)
            }
            try await db.raw("""
                INSERT INTO cfn_change_sets (change_set_id, stack_id, change_set_name, change_set_type, status, status_reason, execution_status,
                    description, template_body, parameters_json, capabilities_json, tags_json, role_arn, changes_json, created_ms)
                VALUES (\(bind: changeSet.changeSetID), \(bind: changeSet.stackID), \(bind: changeSet.name), \(bind: changeSet.type),
                    \(bind: changeSet.status), \(bind: changeSet.statusReason), \(bind: changeSet.executionStatus), \(bind: changeSet.description),
                    \(bind: changeSet.templateBody), \(bind: Self.json(changeSet.parameters)), \(bind: Self.json(changeSet.capabilities)),
                    \(bind: changeSet.tags.map { Self.json($0) }), \(bind: changeSet.roleARN), \(bind: Self.json(changeSet.changes)),
                    \(bind: Self.ms(changeSet.created)))
                """).run()
        }
    }

    private static func changeSet(from row: any SQLRow) -> ChangeSetRecord? {
        guard let id = row.string("change_set_id"), let stack = row.string("stack_id"), let name = row.string("change_set_name"),
              let type = row.string("change_set_type"), let status = row.string("status"), let execution = row.string("execution_status")
        else { return nil }
        return ChangeSetRecord(
            changeSetID: id, stackID: stack, name: name, type: type, status: status, statusReason: row.string("status_reason"),
            executionStatus: execution, description: row.string("description"), templateBody: row.string("template_body") ?? "",
            parameters: decode([String: String].self, row.string("parameters_json")) ?? [:],
            capabilities: decode([String].self, row.string("capabilities_json")) ?? [],
            tags: decode([StackTagShape].self, row.string("tags_json")), roleARN: row.string("role_arn"),
            changes: decode([ChangeShape].self, row.string("changes_json")) ?? [], created: date(row.int64("created_ms")) ?? Date()
        )
    }

    /// A change set by its ARN, or by name on a stack.
    func changeSet(id: String) async throws -> ChangeSetRecord? {
        try await database.read { db in
            try await db.raw("SELECT * FROM cfn_change_sets WHERE change_set_id = \(bind: id)").first().flatMap(Self.changeSet(from:))
        }
    }

    func changeSet(named name: String, stackID: String) async throws -> ChangeSetRecord? {
        try await database.read { db in
            try await db.raw("SELECT * FROM cfn_change_sets WHERE stack_id = \(bind: stackID) AND change_set_name = \(bind: name)")
                .first().flatMap(Self.changeSet(from:))
        }
    }

    /// A stack's change sets, oldest first.
    func changeSets(of stackID: String) async throws -> [ChangeSetRecord] {
        try await database.read { db in
            try await db.raw("SELECT * FROM cfn_change_sets WHERE stack_id = \(bind: stackID) ORDER BY created_ms, change_set_name")
                .all().compactMap(Self.changeSet(from:))
        }
    }

    /// Marks a change set executing — false (nothing changed) unless it was `AVAILABLE` — and deletes the stack's
    /// other change sets, which the execution makes invalid.
    func beginExecution(_ changeSet: ChangeSetRecord) async throws -> Bool {
        try await database.transaction { db in
            let row = try await db.raw("""
                UPDATE cfn_change_sets SET execution_status = 'EXECUTE_IN_PROGRESS'
                WHERE change_set_id = \(bind: changeSet.changeSetID) AND execution_status = 'AVAILABLE' RETURNING change_set_id
                """).first()
            guard row != nil else { return false }
            try await db.raw("""
                DELETE FROM cfn_change_sets WHERE stack_id = \(bind: changeSet.stackID) AND change_set_id <> \(bind: changeSet.changeSetID)
                """).run()
            return true
        }
    }

    /// Sets how a change set's execution ended (`EXECUTE_COMPLETE` or `EXECUTE_FAILED`).
    func finishExecution(stackID: String, succeeded: Bool) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE cfn_change_sets SET execution_status = \(bind: succeeded ? "EXECUTE_COMPLETE" : "EXECUTE_FAILED")
                WHERE stack_id = \(bind: stackID) AND execution_status = 'EXECUTE_IN_PROGRESS'
                """).run()
        }
    }

    /// Makes a stack's available change sets obsolete (the stack was updated without them).
    func obsoleteChangeSets(of stackID: String) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE cfn_change_sets SET execution_status = 'OBSOLETE' WHERE stack_id = \(bind: stackID) AND execution_status = 'AVAILABLE'
                """).run()
        }
    }

    func deleteChangeSet(_ id: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM cfn_change_sets WHERE change_set_id = \(bind: id)").run()
        }
    }

    /// Turns a `REVIEW_IN_PROGRESS` stack into `CREATE_IN_PROGRESS` with the executed change set's template and
    /// settings; false when it was no longer in review.
    func beginCreate(_ stack: StackRecord, now: Date) async throws -> Bool {
        try await database.transaction { db in
            let row = try await db.raw("""
                UPDATE cfn_stacks SET status = 'CREATE_IN_PROGRESS', status_reason = 'User Initiated', template_body = \(bind: stack.templateBody),
                    parameters_json = \(bind: Self.json(stack.parameters)), tags_json = \(bind: Self.json(stack.tags)),
                    capabilities_json = \(bind: Self.json(stack.capabilities)), role_arn = \(bind: stack.roleARN), description = \(bind: stack.description),
                    principal_json = \(bind: stack.principal.map { Self.json($0) }), updated_ms = \(bind: Self.ms(now))
                WHERE stack_id = \(bind: stack.stackID) AND status = 'REVIEW_IN_PROGRESS' RETURNING stack_id
                """).first()
            return row != nil
        }
    }
}
