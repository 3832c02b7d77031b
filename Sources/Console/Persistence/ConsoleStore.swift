import Foundation
import MetadataStore
import SQLKit

/// The console's sessions in the metadata database, so any server sharing it knows a browser signed in on another.
struct ConsoleStore: Sendable {
    let database: any MetadataDatabase

    static func ms(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) }
    static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    /// Saves a new session, clearing sessions that ended on their own meanwhile.
    func save(_ session: ConsoleSession, tokenHash: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM console_sessions WHERE expires_ms < \(bind: Self.ms(session.created))").run()
            try await db.raw("""
                INSERT INTO console_sessions (token_hash, kind, account_id, access_key_id, role_arn, session_name, principal_arn, csrf,
                created_ms, last_seen_ms, expires_ms) VALUES (\(bind: tokenHash), \(bind: session.credentials.kind), \(bind: session.account),
                \(bind: session.credentials.accessKeyID), \(bind: session.credentials.roleARN), \(bind: session.credentials.sessionName),
                \(bind: session.principalARN), \(bind: session.csrf), \(bind: Self.ms(session.created)), \(bind: Self.ms(session.lastSeen)),
                \(bind: Self.ms(session.expires)))
                """).run()
        }
    }

    /// The session a cookie's hash names, whatever its age (the caller decides whether it has ended).
    func session(tokenHash: String) async throws -> ConsoleSession? {
        try await database.read { db in
            guard let row = try await db.raw("SELECT * FROM console_sessions WHERE token_hash = \(bind: tokenHash)").first(),
                  let kind = row.string("kind"), let account = row.string("account_id"), let principal = row.string("principal_arn"),
                  let csrf = row.string("csrf"), let created = row.int64("created_ms"), let seen = row.int64("last_seen_ms"),
                  let expires = row.int64("expires_ms")
            else { return nil }
            let credentials: ConsoleSession.Credentials
            switch kind {
            case "key":
                guard let key = row.string("access_key_id") else { return nil }
                credentials = .accessKey(key)
            case "role":
                guard let role = row.string("role_arn"), let name = row.string("session_name") else { return nil }
                credentials = .role(arn: role, sessionName: name)
            default:
                return nil
            }
            return ConsoleSession(
                credentials: credentials, account: account, principalARN: principal, csrf: csrf, created: Self.date(created),
                lastSeen: Self.date(seen), expires: Self.date(expires)
            )
        }
    }

    /// Marks a session used now, which restarts its idle time.
    func touch(tokenHash: String, at now: Date) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE console_sessions SET last_seen_ms = \(bind: Self.ms(now)) WHERE token_hash = \(bind: tokenHash)").run()
        }
    }

    /// Ends a session (sign-out, or one found ended).
    func delete(tokenHash: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM console_sessions WHERE token_hash = \(bind: tokenHash)").run()
        }
    }

    /// A sign-in link not yet used: the role session it opens and for how long.
    struct Link: Sendable, Equatable {
        var account: String
        var roleARN: String
        var sessionName: String
        var sessionSeconds: Int
    }

    func saveLink(_ link: Link, tokenHash: String, expires: Date, now: Date) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM console_links WHERE expires_ms < \(bind: Self.ms(now))").run()
            try await db.raw("""
                INSERT INTO console_links (token_hash, account_id, role_arn, session_name, session_seconds, expires_ms) VALUES (\(bind: tokenHash),
                \(bind: link.account), \(bind: link.roleARN), \(bind: link.sessionName), \(bind: link.sessionSeconds), \(bind: Self.ms(expires)))
                """).run()
        }
    }

    /// The link a token's hash names, used up by this call: nil when there is none, it expired, or it was used.
    func redeemLink(tokenHash: String, now: Date) async throws -> Link? {
        try await database.transaction { db in
            guard let row = try await db.raw("SELECT * FROM console_links WHERE token_hash = \(bind: tokenHash)").first() else { return nil }
            try await db.raw("DELETE FROM console_links WHERE token_hash = \(bind: tokenHash)").run()
            guard let account = row.string("account_id"), let role = row.string("role_arn"), let name = row.string("session_name"),
                  let seconds = row.int64("session_seconds"), let expires = row.int64("expires_ms"), expires >= Self.ms(now)
            else { return nil }
            return Link(account: account, roleARN: role, sessionName: name, sessionSeconds: Int(seconds))
        }
    }
}
