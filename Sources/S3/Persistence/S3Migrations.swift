import MetadataStore

/// The S3 tables; bucket names are global, so the name alone is the key.
enum S3Migrations {
    static let all: [Migration] = [
        Migration(module: "s3", version: 1, name: "buckets") { _ in
            [
                """
                CREATE TABLE s3_buckets (
                    name TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    created_ms BIGINT NOT NULL
                )
                """,
                "CREATE INDEX s3_buckets_account ON s3_buckets (account_id, name)",
            ]
        }
    ]
}
