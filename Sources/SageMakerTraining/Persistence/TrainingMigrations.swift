import MetadataStore

/// The training jobs table: one row a job, its record as JSON, and the lease of the server running it.
enum TrainingMigrations {
    static let all: [Migration] = [
        Migration(module: "sagemaker-training", version: 1, name: "training jobs") { kind in
            [
                """
                CREATE TABLE sagemaker_training_jobs (
                    arn TEXT PRIMARY KEY,
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
                "CREATE UNIQUE INDEX sagemaker_training_jobs_name ON sagemaker_training_jobs (account_id, region, name_key)",
                "CREATE INDEX sagemaker_training_jobs_status ON sagemaker_training_jobs (status)",
            ]
        },
    ]
}
