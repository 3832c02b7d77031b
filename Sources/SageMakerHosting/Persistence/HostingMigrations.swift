import MetadataStore

/// The hosting tables: models, endpoint configurations, endpoints, transform jobs and queued asynchronous invocations, each row a record as JSON,
/// unique by name in an account and region, with the lease of the Slipway server running an endpoint's model
/// servers or a transform job.
enum HostingMigrations {
    static let all: [Migration] = [
        Migration(module: "sagemaker-hosting", version: 1, name: "models, endpoint configs and endpoints") { kind in
            ["sagemaker_models", "sagemaker_endpoint_configs", "sagemaker_endpoints"].flatMap { table(named: $0, kind) }
        },
        Migration(module: "sagemaker-hosting", version: 2, name: "transform jobs") { kind in
            table(named: "sagemaker_transform_jobs", kind)
        },
        Migration(module: "sagemaker-hosting", version: 3, name: "asynchronous invocations") { kind in
            table(named: "sagemaker_async_invocations", kind)
        },
    ]

    /// One hosting table and its name index.
    static func table(named table: String, _ kind: DatabaseKind) -> [String] {
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
        ]
    }
}
