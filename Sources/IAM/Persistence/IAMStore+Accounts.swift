import Foundation
import SQLKit
import SlipwayCore

extension IAMStore {
    /// Inserts an account and its first root access key, unless the name is taken.
    static func insertAccount(_ db: any SQLDatabase, id: AccountID, name: String, rootKey: AccessKeyRecord, now: Date) async throws {
        try await db.raw("""
            INSERT INTO iam_accounts (account_id, name, created_ms) VALUES (\(bind: id.rawValue), \(bind: name), \(bind: ms(now)))
            """).run()
        try await insertAccessKey(db, rootKey)
    }

    /// Every account, by name.
    func accounts() async throws -> [(id: AccountID, name: String)] {
        try await read { db in
            try await db.raw("SELECT account_id, name FROM iam_accounts ORDER BY created_ms").all().map { row in
                (row.accountID(), row.string("name") ?? "")
            }
        }
    }
}

extension IAMStore {
    /// How many rows of one IAM entity table an account has, for AWS's per-account quotas.
    static func count(_ db: any SQLDatabase, table: String, account: AccountID) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table) WHERE account_id = \(bind: account.rawValue)").first()?.int("n") ?? 0
    }

    /// Refuses a create that would pass AWS's default quota for the account.
    static func requireQuota(_ db: any SQLDatabase, table: String, account: AccountID, name: String, limit: Int) async throws {
        if try await count(db, table: table, account: account) >= limit {
            throw IAMError.limitExceeded("Cannot exceed quota for \(name): \(limit)")
        }
    }
}
