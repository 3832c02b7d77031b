import Foundation
import SQLKit
import SlipwayCore

extension IAMStore {
    static func user(from row: any SQLRow) -> UserRecord {
        UserRecord(
            account: row.accountID(), name: row.string("user_name") ?? "", id: row.string("user_id") ?? "",
            path: row.string("path") ?? "/", created: date(row.int64("created_ms")), boundaryARN: row.string("boundary_arn")
        )
    }

    static func user(_ db: any SQLDatabase, account: AccountID, name: String) async throws -> UserRecord? {
        try await db.raw("""
            SELECT * FROM iam_users WHERE account_id = \(bind: account.rawValue) AND name_key = \(bind: name.lowercased())
            """).first().map(user(from:))
    }

    static func requireUser(_ db: any SQLDatabase, account: AccountID, name: String) async throws -> UserRecord {
        guard let user = try await user(db, account: account, name: name) else {
            throw IAMError.noSuchEntity("The user with name \(name) cannot be found.")
        }
        return user
    }

    static func insertUser(_ db: any SQLDatabase, _ user: UserRecord) async throws {
        try await db.raw("""
            INSERT INTO iam_users (account_id, name_key, user_name, user_id, path, created_ms, boundary_arn)
            VALUES (\(bind: user.account.rawValue), \(bind: user.name.lowercased()), \(bind: user.name), \(bind: user.id),
                    \(bind: user.path), \(bind: ms(user.created)), \(bind: user.boundaryARN))
            """).run()
    }

    static func users(_ db: any SQLDatabase, account: AccountID, pathPrefix: String) async throws -> [UserRecord] {
        try await db.raw("""
            SELECT * FROM iam_users WHERE account_id = \(bind: account.rawValue) ORDER BY name_key
            """).all().map(user(from:)).filter { $0.path.hasPrefix(pathPrefix) }
    }

    static func updateUser(_ db: any SQLDatabase, account: AccountID, name: String, newName: String, newPath: String) async throws {
        try await db.raw("""
            UPDATE iam_users SET name_key = \(bind: newName.lowercased()), user_name = \(bind: newName), path = \(bind: newPath)
            WHERE account_id = \(bind: account.rawValue) AND name_key = \(bind: name.lowercased())
            """).run()
        for (table, column) in [("iam_access_keys", "user_key"), ("iam_group_members", "user_key")] {
            try await db.raw("""
                UPDATE \(unsafeRaw: table) SET \(unsafeRaw: column) = \(bind: newName.lowercased())
                WHERE account_id = \(bind: account.rawValue) AND \(unsafeRaw: column) = \(bind: name.lowercased())
                """).run()
        }
        for table in ["iam_inline_policies", "iam_attachments"] {
            try await db.raw("""
                UPDATE \(unsafeRaw: table) SET entity_key = \(bind: newName.lowercased())
                WHERE account_id = \(bind: account.rawValue) AND entity_type = 'user' AND entity_key = \(bind: name.lowercased())
                """).run()
        }
        try await db.raw("""
            UPDATE iam_tags SET resource_key = \(bind: newName.lowercased())
            WHERE account_id = \(bind: account.rawValue) AND resource_type = 'user' AND resource_key = \(bind: name.lowercased())
            """).run()
    }

    static func setBoundary(_ db: any SQLDatabase, type: EntityType, account: AccountID, name: String, arn: String?) async throws {
        let table = type == .user ? "iam_users" : "iam_roles"
        try await db.raw("""
            UPDATE \(unsafeRaw: table) SET boundary_arn = \(bind: arn)
            WHERE account_id = \(bind: account.rawValue) AND name_key = \(bind: name.lowercased())
            """).run()
    }

    static func deleteUser(_ db: any SQLDatabase, account: AccountID, name: String) async throws {
        try await db.raw("""
            DELETE FROM iam_users WHERE account_id = \(bind: account.rawValue) AND name_key = \(bind: name.lowercased())
            """).run()
        try await deleteTags(db, account: account, type: .user, key: name.lowercased())
    }
}
