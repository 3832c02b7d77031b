import MetadataStore

/// The git room's tables: repositories (one row each, the record as JSON), the refs pushes changed, access tokens.
enum GitMigrations {
    static let all: [Migration] = [
        Migration(module: "git", version: 1, name: "repositories and pushes") { kind in
            let id = kind == .postgres ? "id BIGSERIAL PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT"
            return [
                """
                CREATE TABLE git_repositories (
                    arn TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    repository_name TEXT NOT NULL,
                    repository_id TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX git_repositories_name ON git_repositories (account_id, region, repository_name)",
                """
                CREATE TABLE git_pushes (
                    \(id),
                    repository_arn TEXT NOT NULL,
                    ref TEXT NOT NULL,
                    old_commit TEXT NOT NULL,
                    new_commit TEXT NOT NULL,
                    pusher TEXT NOT NULL,
                    time_ms \(kind.bigintType) NOT NULL
                )
                """,
                "CREATE INDEX git_pushes_repository ON git_pushes (repository_arn, id)",
            ]
        },
        Migration(module: "git", version: 2, name: "access tokens") { kind in
            [
                """
                CREATE TABLE git_tokens (
                    id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    owner_arn TEXT NOT NULL,
                    token_hash TEXT NOT NULL,
                    record_json TEXT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX git_tokens_hash ON git_tokens (token_hash)",
                "CREATE INDEX git_tokens_owner ON git_tokens (owner_arn)",
            ]
        },
        Migration(module: "git", version: 3, name: "owners") { _ in
            [
                """
                CREATE TABLE git_owners (
                    login_key TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    principal_arn TEXT,
                    record_json TEXT NOT NULL
                )
                """,
                "CREATE INDEX git_owners_principal ON git_owners (principal_arn)",
            ]
        },
    ]
}
