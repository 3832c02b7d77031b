import MetadataStore

/// EventBridge's tables: custom buses, rules with their targets, and deliveries waiting, failed or recorded.
enum EventsMigrations {
    static let all: [Migration] = [
        Migration(module: "events", version: 1, name: "buses, rules and deliveries") { kind in
            [
                """
                CREATE TABLE events_buses (
                    arn TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    bus_name TEXT NOT NULL,
                    record_json TEXT NOT NULL
                )
                """,
                """
                CREATE TABLE events_rules (
                    arn TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    bus_name TEXT NOT NULL,
                    rule_name TEXT NOT NULL,
                    record_json TEXT NOT NULL
                )
                """,
                "CREATE INDEX events_rules_bus ON events_rules (account_id, region, bus_name)",
                """
                CREATE TABLE events_deliveries (
                    delivery_id TEXT PRIMARY KEY,
                    status TEXT NOT NULL,
                    next_attempt_ms \(kind.bigintType) NOT NULL,
                    account_id TEXT NOT NULL,
                    record_json TEXT NOT NULL
                )
                """,
                "CREATE INDEX events_deliveries_due ON events_deliveries (status, next_attempt_ms)",
            ]
        },
    ]
}
