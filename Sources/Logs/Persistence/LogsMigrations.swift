import MetadataStore

/// CloudWatch Logs' tables: groups, streams and their events.
enum LogsMigrations {
    static let all: [Migration] = [
        Migration(module: "logs", version: 1, name: "log groups, streams and events") { kind in
            [
                """
                CREATE TABLE logs_groups (
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    group_name TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    retention_days INTEGER,
                    tags_json TEXT NOT NULL,
                    PRIMARY KEY (account_id, region, group_name)
                )
                """,
                """
                CREATE TABLE logs_streams (
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    group_name TEXT NOT NULL,
                    stream_name TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    first_event_ms \(kind.bigintType),
                    last_event_ms \(kind.bigintType),
                    last_ingestion_ms \(kind.bigintType),
                    stored_bytes \(kind.bigintType) NOT NULL,
                    PRIMARY KEY (account_id, region, group_name, stream_name)
                )
                """,
                """
                CREATE TABLE logs_events (
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    group_name TEXT NOT NULL,
                    stream_name TEXT NOT NULL,
                    event_id TEXT NOT NULL,
                    timestamp_ms \(kind.bigintType) NOT NULL,
                    ingestion_ms \(kind.bigintType) NOT NULL,
                    message TEXT NOT NULL,
                    PRIMARY KEY (account_id, region, group_name, stream_name, event_id)
                )
                """,
                "CREATE INDEX logs_events_time ON logs_events (account_id, region, group_name, timestamp_ms, event_id)",
            ]
        },
    ]
}
