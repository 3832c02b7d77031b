import Foundation
import SQLKit
import SlipwayCore

extension IAMStore {
    static func insertSession(_ db: any SQLDatabase, _ session: SessionRecord) async throws {
        let principal = String(decoding: try JSONEncoder().encode(session.principal), as: UTF8.self)
        try await db.raw("""
            INSERT INTO sts_sessions (access_key_id, account_id, secret, session_token, principal_json, expires_ms)
            VALUES (\(bind: session.accessKeyID), \(bind: session.account.rawValue), \(bind: session.secret),
                    \(bind: session.token), \(bind: principal), \(bind: ms(session.expires)))
            """).run()
    }

    static func session(_ db: any SQLDatabase, accessKeyID: String) async throws -> SessionRecord? {
        guard let row = try await db.raw("SELECT * FROM sts_sessions WHERE access_key_id = \(bind: accessKeyID)").first(),
              let principal = try? JSONDecoder().decode(StoredSessionPrincipal.self, from: Data((row.string("principal_json") ?? "").utf8))
        else { return nil }
        return SessionRecord(
            accessKeyID: accessKeyID, account: row.accountID(), secret: row.string("secret") ?? "",
            token: row.string("session_token") ?? "", principal: principal, expires: date(row.int64("expires_ms"))
        )
    }

    /// Removes sessions that expired more than a day ago; they can only ever answer `ExpiredToken`.
    static func purgeSessions(_ db: any SQLDatabase, expiredBefore: Date) async throws {
        try await db.raw("DELETE FROM sts_sessions WHERE expires_ms < \(bind: ms(expiredBefore))").run()
    }
}
