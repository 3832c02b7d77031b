import Foundation
import SQLKit
import SlipwayCore

extension IAMStore {
    static func accessKey(from row: any SQLRow) -> AccessKeyRecord {
        AccessKeyRecord(
            id: row.string("access_key_id") ?? "", account: row.accountID(), userName: row.string("user_name"),
            secret: row.string("secret") ?? "", status: AccessKeyStatus(rawValue: row.string("status") ?? "") ?? .inactive,
            created: date(row.int64("created_ms"))
        )
    }

    /// Keys joined to their user's display name (NULL for root keys).
    static let accessKeySelect = """
        SELECT k.access_key_id, k.account_id, k.secret, k.status, k.created_ms, u.user_name
        FROM iam_access_keys k LEFT JOIN iam_users u ON u.account_id = k.account_id AND u.name_key = k.user_key
        """

    static func insertAccessKey(_ db: any SQLDatabase, _ key: AccessKeyRecord) async throws {
        try await db.raw("""
            INSERT INTO iam_access_keys (access_key_id, account_id, user_key, secret, status, created_ms)
            VALUES (\(bind: key.id), \(bind: key.account.rawValue), \(bind: key.userName?.lowercased()), \(bind: key.secret),
                    \(bind: key.status.rawValue), \(bind: ms(key.created)))
            """).run()
    }

    static func accessKey(_ db: any SQLDatabase, id: String) async throws -> AccessKeyRecord? {
        try await db.raw("\(unsafeRaw: accessKeySelect) WHERE k.access_key_id = \(bind: id)").first().map(accessKey(from:))
    }

    /// Keys of a user, or of the root user when `userName` is nil.
    static func accessKeys(_ db: any SQLDatabase, account: AccountID, userName: String?) async throws -> [AccessKeyRecord] {
        if let userName {
            return try await db.raw("""
                \(unsafeRaw: accessKeySelect) WHERE k.account_id = \(bind: account.rawValue) AND k.user_key = \(bind: userName.lowercased())
                ORDER BY k.created_ms
                """).all().map(accessKey(from:))
        }
        return try await db.raw("""
            \(unsafeRaw: accessKeySelect) WHERE k.account_id = \(bind: account.rawValue) AND k.user_key IS NULL ORDER BY k.created_ms
            """).all().map(accessKey(from:))
    }

    static func setAccessKeyStatus(_ db: any SQLDatabase, id: String, status: AccessKeyStatus) async throws {
        try await db.raw("UPDATE iam_access_keys SET status = \(bind: status.rawValue) WHERE access_key_id = \(bind: id)").run()
    }

    static func deleteAccessKey(_ db: any SQLDatabase, id: String) async throws {
        try await db.raw("DELETE FROM iam_access_keys WHERE access_key_id = \(bind: id)").run()
    }
}
