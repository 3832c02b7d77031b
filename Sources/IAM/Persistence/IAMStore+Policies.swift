import Foundation
import SQLKit
import SlipwayCore

extension IAMStore {
    // MARK: inline policies

    static func putInlinePolicy(_ db: any SQLDatabase, account: AccountID, type: EntityType, entity: String, name: String, document: String) async throws {
        try await db.raw("""
            INSERT INTO iam_inline_policies (account_id, entity_type, entity_key, policy_name, document)
            VALUES (\(bind: account.rawValue), \(bind: type.rawValue), \(bind: entity.lowercased()), \(bind: name), \(bind: document))
            ON CONFLICT (account_id, entity_type, entity_key, policy_name) DO UPDATE SET document = excluded.document
            """).run()
    }

    static func inlinePolicy(_ db: any SQLDatabase, account: AccountID, type: EntityType, entity: String, name: String) async throws -> String? {
        try await db.raw("""
            SELECT document FROM iam_inline_policies WHERE account_id = \(bind: account.rawValue)
            AND entity_type = \(bind: type.rawValue) AND entity_key = \(bind: entity.lowercased()) AND policy_name = \(bind: name)
            """).first()?.string("document")
    }

    static func inlinePolicies(_ db: any SQLDatabase, account: AccountID, type: EntityType, entity: String) async throws -> [(name: String, document: String)] {
        try await db.raw("""
            SELECT policy_name, document FROM iam_inline_policies WHERE account_id = \(bind: account.rawValue)
            AND entity_type = \(bind: type.rawValue) AND entity_key = \(bind: entity.lowercased()) ORDER BY policy_name
            """).all().map { ($0.string("policy_name") ?? "", $0.string("document") ?? "") }
    }

    static func deleteInlinePolicy(_ db: any SQLDatabase, account: AccountID, type: EntityType, entity: String, name: String) async throws {
        try await db.raw("""
            DELETE FROM iam_inline_policies WHERE account_id = \(bind: account.rawValue)
            AND entity_type = \(bind: type.rawValue) AND entity_key = \(bind: entity.lowercased()) AND policy_name = \(bind: name)
            """).run()
    }

    // MARK: managed policies

    static func managedPolicy(from row: any SQLRow) -> ManagedPolicyRecord {
        ManagedPolicyRecord(
            arn: row.string("policy_arn") ?? "", account: row.string("account_id") ?? "", name: row.string("policy_name") ?? "",
            id: row.string("policy_id") ?? "", path: row.string("path") ?? "/", description: row.string("description"),
            defaultVersion: row.string("default_version") ?? "v1", nextVersion: row.int("next_version") ?? 2,
            created: date(row.int64("created_ms")), updated: date(row.int64("updated_ms"))
        )
    }

    static func managedPolicy(_ db: any SQLDatabase, arn: String) async throws -> ManagedPolicyRecord? {
        try await db.raw("SELECT * FROM iam_managed_policies WHERE policy_arn = \(bind: arn)").first().map(managedPolicy(from:))
    }

    static func requireManagedPolicy(_ db: any SQLDatabase, arn: String) async throws -> ManagedPolicyRecord {
        guard let policy = try await managedPolicy(db, arn: arn) else {
            throw IAMError.noSuchEntity("Policy \(arn) does not exist or is not attachable.")
        }
        return policy
    }

    static func managedPolicies(_ db: any SQLDatabase, accounts: [String]) async throws -> [ManagedPolicyRecord] {
        try await db.raw("SELECT * FROM iam_managed_policies ORDER BY name_key").all().map(managedPolicy(from:))
            .filter { accounts.contains($0.account) }
    }

    static func insertManagedPolicy(_ db: any SQLDatabase, _ policy: ManagedPolicyRecord, document: String) async throws {
        try await db.raw("""
            INSERT INTO iam_managed_policies (policy_arn, account_id, name_key, policy_name, policy_id, path, description,
                                              default_version, next_version, created_ms, updated_ms)
            VALUES (\(bind: policy.arn), \(bind: policy.account), \(bind: policy.name.lowercased()), \(bind: policy.name),
                    \(bind: policy.id), \(bind: policy.path), \(bind: policy.description), \(bind: policy.defaultVersion),
                    \(bind: policy.nextVersion), \(bind: ms(policy.created)), \(bind: ms(policy.updated)))
            """).run()
        try await insertPolicyVersion(db, PolicyVersionRecord(policyARN: policy.arn, versionID: policy.defaultVersion, document: document, created: policy.created))
    }

    static func insertPolicyVersion(_ db: any SQLDatabase, _ version: PolicyVersionRecord) async throws {
        try await db.raw("""
            INSERT INTO iam_policy_versions (policy_arn, version_id, document, created_ms)
            VALUES (\(bind: version.policyARN), \(bind: version.versionID), \(bind: version.document), \(bind: ms(version.created)))
            """).run()
    }

    static func policyVersions(_ db: any SQLDatabase, arn: String) async throws -> [PolicyVersionRecord] {
        try await db.raw("SELECT * FROM iam_policy_versions WHERE policy_arn = \(bind: arn) ORDER BY created_ms DESC, version_id DESC")
            .all().map { row in
                PolicyVersionRecord(
                    policyARN: arn, versionID: row.string("version_id") ?? "", document: row.string("document") ?? "",
                    created: date(row.int64("created_ms"))
                )
            }
    }

    static func policyVersion(_ db: any SQLDatabase, arn: String, versionID: String) async throws -> PolicyVersionRecord? {
        try await policyVersions(db, arn: arn).first { $0.versionID == versionID }
    }

    static func updateManagedPolicy(_ db: any SQLDatabase, _ policy: ManagedPolicyRecord) async throws {
        try await db.raw("""
            UPDATE iam_managed_policies SET default_version = \(bind: policy.defaultVersion), next_version = \(bind: policy.nextVersion),
                updated_ms = \(bind: ms(policy.updated)) WHERE policy_arn = \(bind: policy.arn)
            """).run()
    }

    static func deletePolicyVersion(_ db: any SQLDatabase, arn: String, versionID: String) async throws {
        try await db.raw("DELETE FROM iam_policy_versions WHERE policy_arn = \(bind: arn) AND version_id = \(bind: versionID)").run()
    }

    static func deleteManagedPolicy(_ db: any SQLDatabase, arn: String) async throws {
        try await db.raw("DELETE FROM iam_policy_versions WHERE policy_arn = \(bind: arn)").run()
        try await db.raw("DELETE FROM iam_managed_policies WHERE policy_arn = \(bind: arn)").run()
    }

    // MARK: attachments

    static func attach(_ db: any SQLDatabase, account: AccountID, type: EntityType, entity: String, policyARN: String) async throws {
        try await db.raw("""
            INSERT INTO iam_attachments (account_id, entity_type, entity_key, policy_arn)
            VALUES (\(bind: account.rawValue), \(bind: type.rawValue), \(bind: entity.lowercased()), \(bind: policyARN))
            ON CONFLICT DO NOTHING
            """).run()
    }

    static func detach(_ db: any SQLDatabase, account: AccountID, type: EntityType, entity: String, policyARN: String) async throws -> Bool {
        let attached = try await attachedPolicyARNs(db, account: account, type: type, entity: entity).contains(policyARN)
        try await db.raw("""
            DELETE FROM iam_attachments WHERE account_id = \(bind: account.rawValue) AND entity_type = \(bind: type.rawValue)
            AND entity_key = \(bind: entity.lowercased()) AND policy_arn = \(bind: policyARN)
            """).run()
        return attached
    }

    static func attachedPolicyARNs(_ db: any SQLDatabase, account: AccountID, type: EntityType, entity: String) async throws -> [String] {
        try await db.raw("""
            SELECT policy_arn FROM iam_attachments WHERE account_id = \(bind: account.rawValue) AND entity_type = \(bind: type.rawValue)
            AND entity_key = \(bind: entity.lowercased()) ORDER BY policy_arn
            """).all().compactMap { $0.string("policy_arn") }
    }

    static func attachmentCount(_ db: any SQLDatabase, policyARN: String) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM iam_attachments WHERE policy_arn = \(bind: policyARN)").first()?.int("n") ?? 0
    }

    static func boundaryUsageCount(_ db: any SQLDatabase, policyARN: String) async throws -> Int {
        let users = try await db.raw("SELECT COUNT(*) AS n FROM iam_users WHERE boundary_arn = \(bind: policyARN)").first()?.int("n") ?? 0
        let roles = try await db.raw("SELECT COUNT(*) AS n FROM iam_roles WHERE boundary_arn = \(bind: policyARN)").first()?.int("n") ?? 0
        return users + roles
    }

    /// The default version's document of each policy ARN, skipping ones that no longer exist.
    static func defaultDocuments(_ db: any SQLDatabase, arns: [String]) async throws -> [(arn: String, document: String)] {
        var result: [(String, String)] = []
        for arn in arns {
            if let row = try await db.raw("""
                SELECT v.document FROM iam_managed_policies p JOIN iam_policy_versions v
                ON v.policy_arn = p.policy_arn AND v.version_id = p.default_version WHERE p.policy_arn = \(bind: arn)
                """).first(), let document = row.string("document") {
                result.append((arn, document))
            }
        }
        return result
    }
}
