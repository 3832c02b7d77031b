import Foundation
import SQLKit
import SlipwayCore

extension IAMStore {
    static func tags(_ db: any SQLDatabase, account: AccountID, type: EntityType, key: String) async throws -> [TagShape] {
        try await db.raw("""
            SELECT tag_key, tag_value FROM iam_tags WHERE account_id = \(bind: account.rawValue)
            AND resource_type = \(bind: type.rawValue) AND resource_key = \(bind: key) ORDER BY tag_key_lower
            """).all().map { TagShape(key: $0.string("tag_key") ?? "", value: $0.string("tag_value") ?? "") }
    }

    /// Adds or overwrites tags; fails with `LimitExceeded` past 50 on one resource.
    static func putTags(_ db: any SQLDatabase, account: AccountID, type: EntityType, key: String, tags: [TagShape]) async throws {
        for tag in tags {
            try await db.raw("""
                INSERT INTO iam_tags (account_id, resource_type, resource_key, tag_key_lower, tag_key, tag_value)
                VALUES (\(bind: account.rawValue), \(bind: type.rawValue), \(bind: key), \(bind: tag.key.lowercased()),
                        \(bind: tag.key), \(bind: tag.value))
                ON CONFLICT (account_id, resource_type, resource_key, tag_key_lower)
                DO UPDATE SET tag_key = excluded.tag_key, tag_value = excluded.tag_value
                """).run()
        }
        let count = try await db.raw("""
            SELECT COUNT(*) AS n FROM iam_tags WHERE account_id = \(bind: account.rawValue)
            AND resource_type = \(bind: type.rawValue) AND resource_key = \(bind: key)
            """).first()?.int("n") ?? 0
        if count > 50 {
            throw IAMError.limitExceeded("The number of tags has reached the maximum limit.")
        }
    }

    static func removeTags(_ db: any SQLDatabase, account: AccountID, type: EntityType, key: String, tagKeys: [String]) async throws {
        for tagKey in tagKeys {
            try await db.raw("""
                DELETE FROM iam_tags WHERE account_id = \(bind: account.rawValue) AND resource_type = \(bind: type.rawValue)
                AND resource_key = \(bind: key) AND tag_key_lower = \(bind: tagKey.lowercased())
                """).run()
        }
    }

    static func deleteTags(_ db: any SQLDatabase, account: AccountID, type: EntityType, key: String) async throws {
        try await db.raw("""
            DELETE FROM iam_tags WHERE account_id = \(bind: account.rawValue) AND resource_type = \(bind: type.rawValue)
            AND resource_key = \(bind: key)
            """).run()
    }
}
