import MetadataStore

/// The job tables: one row a job, its record as JSON, and the lease of the server running it.
enum TrainingMigrations {
    static func jobTable(_ table: String, kind: DatabaseKind) -> [String] {
        [
            """
            CREATE TABLE \(table) (
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
            "CREATE UNIQUE INDEX \(table)_name ON \(table) (account_id, region, name_key)",
            "CREATE INDEX \(table)_status ON \(table) (status)",
        ]
    }

    static let all: [Migration] = [
        Migration(module: "sagemaker-training", version: 1, name: "training jobs") { kind in jobTable("sagemaker_training_jobs", kind: kind) },
        Migration(module: "sagemaker-training", version: 2, name: "processing jobs") { kind in jobTable("sagemaker_processing_jobs", kind: kind) },
    ]
}
