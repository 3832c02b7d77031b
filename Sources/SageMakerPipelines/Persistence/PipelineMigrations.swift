import MetadataStore

/// The pipelines room's tables: pipelines, their executions (leased to the server driving them), and the step cache.
enum PipelineMigrations {
    static let all: [Migration] = [
        Migration(module: "sagemaker-pipelines", version: 1, name: "pipelines, executions and the step cache") { kind in
            [
                """
                CREATE TABLE sagemaker_pipelines (
                    arn TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX sagemaker_pipelines_name ON sagemaker_pipelines (account_id, region, name_key)",
                """
                CREATE TABLE sagemaker_pipeline_executions (
                    arn TEXT PRIMARY KEY,
                    pipeline_arn TEXT NOT NULL,
                    status TEXT NOT NULL,
                    client_token TEXT,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    stop_requested INTEGER NOT NULL DEFAULT 0,
                    lease_owner TEXT,
                    lease_until_ms \(kind.bigintType)
                )
                """,
                "CREATE INDEX sagemaker_pipeline_executions_pipeline ON sagemaker_pipeline_executions (pipeline_arn, created_ms)",
                "CREATE INDEX sagemaker_pipeline_executions_status ON sagemaker_pipeline_executions (status)",
                "CREATE UNIQUE INDEX sagemaker_pipeline_executions_token ON sagemaker_pipeline_executions (pipeline_arn, client_token)",
                """
                CREATE TABLE sagemaker_pipeline_step_cache (
                    pipeline_arn TEXT NOT NULL,
                    step_name TEXT NOT NULL,
                    arguments_hash TEXT NOT NULL,
                    execution_arn TEXT NOT NULL,
                    step_json TEXT NOT NULL,
                    succeeded_ms \(kind.bigintType) NOT NULL
                )
                """,
                "CREATE INDEX sagemaker_pipeline_step_cache_key ON sagemaker_pipeline_step_cache (pipeline_arn, step_name, arguments_hash)",
            ]
        },
    ]
}
