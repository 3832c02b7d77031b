import Foundation
import SQLKit
import SlipwayCore

extension IAMStore {
    static func group(from row: any SQLRow) -> GroupRecord {
        GroupRecord(
            account: row.accountID(), name: row.string("group_name") ?? "", id: row.string("group_id") ?? "",
            path: row.string("path") ?? "/", created: date(row.int64("created_ms"))
        )
    }

    static func group(_ db: any SQLDatabase, account: AccountID, name: String) async throws -> GroupRecord? {
        try await db.raw("""
            SELECT * FROM iam_groups WHERE account_id = \(bind: account.rawValue) AND name_key = \(bind: name.lowercased())
            """).first().map(group(from:))
    }

    static func requireGroup(_ db: any SQLDatabase, account: AccountID, name: String) async throws -> GroupRecord {
        guard let group = try await group(db, account: account, name: name) else {
            throw IAMError.noSuchEntity("The group with name \(name) cannot be found.")
        }
        return group
    }

    static func insertGroup(_ db: any SQLDatabase, _ group: GroupRecord) async throws {
        try await db.raw("""
            INSERT INTO iam_groups (account_id, name_key, group_name, group_id, path, created_ms)
            VALUES (\(bind: group.account.rawValue), \(bind: group.name.lowercased()), \(bind: group.name), \(bind: group.id),
                    \(bind: group.path), \(bind: ms(group.created)))
            """).run()
    }

    static func groups(_ db: any SQLDatabase, account: AccountID, pathPrefix: String) async throws -> [GroupRecord] {
        try await db.raw("SELECT * FROM iam_groups WHERE account_id = \(bind: account.rawValue) ORDER BY name_key")
            .all().map(group(from:)).filter { $0.path.hasPrefix(pathPrefix) }
    }

    static func groupsForUser(_ db: any SQLDatabase, account: AccountID, userName: String) async throws -> [GroupRecord] {
        try await db.raw("""
            SELECT g.* FROM iam_groups g JOIN iam_group_members m ON m.account_id = g.account_id AND m.group_key = g.name_key
            WHERE g.account_id = \(bind: account.rawValue) AND m.user_key = \(bind: userName.lowercased()) ORDER BY g.name_key
            """).all().map(group(from:))
    }

    static func members(_ db: any SQLDatabase, account: AccountID, groupName: String) async throws -> [UserRecord] {
        try await db.raw("""
            SELECT u.* FROM iam_users u JOIN iam_group_members m ON m.account_id = u.account_id AND m.user_key = u.name_key
            WHERE u.account_id = \(bind: account.rawValue) AND m.group_key = \(bind: groupName.lowercased()) ORDER BY u.name_key
            """).all().map(user(from:))
    }

    static func addMember(_ db: any SQLDatabase, account: AccountID, groupName: String, userName: String) async throws {
        try await db.raw("""
            INSERT INTO iam_group_members (account_id, group_key, user_key)
            VALUES (\(bind: account.rawValue), \(bind: groupName.lowercased()), \(bind: userName.lowercased()))
            ON CONFLICT DO NOTHING
            """).run()
    }

    static func removeMember(_ db: any SQLDatabase, account: AccountID, groupName: String, userName: String) async throws {
        try await db.raw("""
            DELETE FROM iam_group_members WHERE account_id = \(bind: account.rawValue)
            AND group_key = \(bind: groupName.lowercased()) AND user_key = \(bind: userName.lowercased())
            """).run()
    }

    static func deleteGroup(_ db: any SQLDatabase, account: AccountID, name: String) async throws {
        try await db.raw("""
            DELETE FROM iam_groups WHERE account_id = \(bind: account.rawValue) AND name_key = \(bind: name.lowercased())
            """).run()
    }
}
