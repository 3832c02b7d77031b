import MetadataStore

/// The console's tables: one row a signed-in browser session, found by the hash of its cookie, never by the cookie
/// itself, and bound to the credentials (an access key, or a role a presigned domain URL opened) it acts with; and
/// the presigned domain URLs not yet used.
enum ConsoleMigrations {
    static let all: [Migration] = [
        Migration(module: "console", version: 1, name: "console sessions") { kind in
            [
                """
                CREATE TABLE console_sessions (
                    token_hash TEXT PRIMARY KEY,
                    kind TEXT NOT NULL,
                    account_id TEXT NOT NULL,
                    access_key_id TEXT,
                    role_arn TEXT,
                    session_name TEXT,
                    principal_arn TEXT NOT NULL,
                    csrf TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    last_seen_ms \(kind.bigintType) NOT NULL,
                    expires_ms \(kind.bigintType) NOT NULL
                )
                """,
                "CREATE INDEX console_sessions_expiry ON console_sessions (expires_ms)",
            ]
        },
        Migration(module: "console", version: 2, name: "console sign-in links") { kind in
            [
                """
                CREATE TABLE console_links (
                    token_hash TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    role_arn TEXT NOT NULL,
                    session_name TEXT NOT NULL,
                    session_seconds INTEGER NOT NULL,
                    expires_ms \(kind.bigintType) NOT NULL
                )
                """,
                "CREATE INDEX console_links_expiry ON console_links (expires_ms)",
            ]
        },
    ]
}
