import Foundation
import SQLKit
import SlipwayCore

extension IAMStore {
    static func role(from row: any SQLRow) -> RoleRecord {
        RoleRecord(
            account: row.accountID(), name: row.string("role_name") ?? "", id: row.string("role_id") ?? "",
            path: row.string("path") ?? "/", trustPolicy: row.string("trust_policy") ?? "{}",
            description: row.string("description"), maxSessionDuration: row.int("max_session_duration") ?? 3600,
            created: date(row.int64("created_ms")), boundaryARN: row.string("boundary_arn")
        )
    }

    static func role(_ db: any SQLDatabase, account: AccountID, name: String) async throws -> RoleRecord? {
        try await db.raw("""
            SELECT * FROM iam_roles WHERE account_id = \(bind: account.rawValue) AND name_key = \(bind: name.lowercased())
            """).first().map(role(from:))
    }

    /// The role an ARN names exactly: a role of that name whose path is not the one given is not it.
    static func role(_ db: any SQLDatabase, _ reference: RoleReference) async throws -> RoleRecord? {
        guard let role = try await role(db, account: reference.account, name: reference.name), role.path == reference.path else { return nil }
        return role
    }

    static func requireRole(_ db: any SQLDatabase, account: AccountID, name: String) async throws -> RoleRecord {
        guard let role = try await role(db, account: account, name: name) else {
            throw IAMError.noSuchEntity("The role with name \(name) cannot be found.")
        }
        return role
    }

    static func insertRole(_ db: any SQLDatabase, _ role: RoleRecord) async throws {
        try await db.raw("""
            INSERT INTO iam_roles (account_id, name_key, role_name, role_id, path, trust_policy, description,
                                   max_session_duration, created_ms, boundary_arn)
            VALUES (\(bind: role.account.rawValue), \(bind: role.name.lowercased()), \(bind: role.name), \(bind: role.id),
                    \(bind: role.path), \(bind: role.trustPolicy), \(bind: role.description), \(bind: role.maxSessionDuration),
                    \(bind: ms(role.created)), \(bind: role.boundaryARN))
            """).run()
    }

    static func roles(_ db: any SQLDatabase, account: AccountID, pathPrefix: String) async throws -> [RoleRecord] {
        try await db.raw("SELECT * FROM iam_roles WHERE account_id = \(bind: account.rawValue) ORDER BY name_key")
            .all().map(role(from:)).filter { $0.path.hasPrefix(pathPrefix) }
    }

    static func updateRole(_ db: any SQLDatabase, _ role: RoleRecord) async throws {
        try await db.raw("""
            UPDATE iam_roles SET trust_policy = \(bind: role.trustPolicy), description = \(bind: role.description),
                max_session_duration = \(bind: role.maxSessionDuration)
            WHERE account_id = \(bind: role.account.rawValue) AND name_key = \(bind: role.name.lowercased())
            """).run()
    }

    static func deleteRole(_ db: any SQLDatabase, account: AccountID, name: String) async throws {
        try await db.raw("""
            DELETE FROM iam_roles WHERE account_id = \(bind: account.rawValue) AND name_key = \(bind: name.lowercased())
            """).run()
        try await deleteTags(db, account: account, type: .role, key: name.lowercased())
    }
}
