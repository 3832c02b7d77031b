import MetadataStore

/// The Secrets Manager table: one row a secret, its versions sealed inside its record.
enum SecretsMigrations {
    static let all: [Migration] = [
        Migration(module: "secretsmanager", version: 1, name: "secrets") { kind in
            [
                """
                CREATE TABLE secretsmanager_secrets (
                    arn TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    secret_name TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX secretsmanager_secrets_name ON secretsmanager_secrets (account_id, region, secret_name)",
            ]
        },
    ]
}
