import MetadataStore

/// The MLflow servers' table: one row a tracking server or app, its record as JSON, and the lease of the Slipway
/// server running its MLflow process; and the presigned UI links and sessions.
enum MlflowMigrations {
    static let all: [Migration] = [
        Migration(module: "mlflow", version: 1, name: "mlflow servers") { kind in
            [
                """
                CREATE TABLE sagemaker_mlflow_servers (
                    arn TEXT PRIMARY KEY,
                    server_id TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    status TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    lease_owner TEXT,
                    lease_until_ms \(kind.bigintType)
                )
                """,
                "CREATE UNIQUE INDEX sagemaker_mlflow_servers_id ON sagemaker_mlflow_servers (server_id)",
                "CREATE INDEX sagemaker_mlflow_servers_name ON sagemaker_mlflow_servers (account_id, region, kind, name_key)",
                """
                CREATE TABLE sagemaker_mlflow_sessions (
                    token_hash TEXT PRIMARY KEY,
                    server_id TEXT NOT NULL,
                    purpose TEXT NOT NULL,
                    access_key_id TEXT NOT NULL,
                    expires_ms \(kind.bigintType) NOT NULL,
                    session_seconds INTEGER NOT NULL
                )
                """,
                "CREATE INDEX sagemaker_mlflow_sessions_expiry ON sagemaker_mlflow_sessions (expires_ms)",
            ]
        },
    ]
}
