import MetadataStore

/// The hosting tables: models, endpoint configurations, and endpoints with the lease of the Slipway server running
/// an endpoint's model servers; each row a record as JSON, unique by name in an account and region.
enum HostingMigrations {
    static let all: [Migration] = [
        Migration(module: "sagemaker-hosting", version: 1, name: "models, endpoint configs and endpoints") { kind in
            ["sagemaker_models", "sagemaker_endpoint_configs", "sagemaker_endpoints"].flatMap { table in
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
        },
    ]
}
