import MetadataStore

/// The workflow runner's tables: runs (leased to the server driving them), their jobs, every job's log lines, and each
/// repository's secrets, variables and environments.
enum WorkflowMigrations {
    static let all: [Migration] = [
        Migration(module: "workflows", version: 1, name: "runs, jobs and logs") { kind in
            let id = kind == .postgres ? "id BIGSERIAL PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT"
            return [
                """
                CREATE TABLE workflows_runs (
                    \(id),
                    repository_arn TEXT NOT NULL,
                    workflow_path TEXT NOT NULL,
                    status TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    lease_owner TEXT,
                    lease_until_ms \(kind.bigintType)
                )
                """,
                "CREATE INDEX workflows_runs_repository ON workflows_runs (repository_arn, id)",
                "CREATE INDEX workflows_runs_status ON workflows_runs (status)",
                """
                CREATE TABLE workflows_jobs (
                    \(id),
                    run_id \(kind.bigintType) NOT NULL,
                    record_json TEXT NOT NULL
                )
                """,
                "CREATE INDEX workflows_jobs_run ON workflows_jobs (run_id, id)",
                """
                CREATE TABLE workflows_log_lines (
                    job_id \(kind.bigintType) NOT NULL,
                    line_no \(kind.bigintType) NOT NULL,
                    line TEXT NOT NULL,
                    PRIMARY KEY (job_id, line_no)
                )
                """,
            ]
        },
        Migration(module: "workflows", version: 2, name: "settings and environments") { _ in
            [
                "CREATE TABLE workflows_settings (repository_arn TEXT PRIMARY KEY, record_json TEXT NOT NULL)",
                """
                CREATE TABLE workflows_environments (
                    repository_arn TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    PRIMARY KEY (repository_arn, name_key)
                )
                """,
            ]
        },
        Migration(module: "workflows", version: 3, name: "artifacts") { kind in
            let id = kind == .postgres ? "id BIGSERIAL PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT"
            return [
                """
                CREATE TABLE workflows_artifacts (
                    \(id),
                    run_id \(kind.bigintType) NOT NULL,
                    repository_arn TEXT NOT NULL,
                    record_json TEXT NOT NULL
                )
                """,
                "CREATE INDEX workflows_artifacts_run ON workflows_artifacts (run_id)",
                "CREATE INDEX workflows_artifacts_repository ON workflows_artifacts (repository_arn, id)",
            ]
        },
        Migration(module: "workflows", version: 4, name: "caches") { kind in
            let id = kind == .postgres ? "id BIGSERIAL PRIMARY KEY" : "id INTEGER PRIMARY KEY AUTOINCREMENT"
            return [
                """
                CREATE TABLE workflows_caches (
                    \(id),
                    repository_arn TEXT NOT NULL,
                    ref TEXT NOT NULL,
                    cache_key TEXT NOT NULL,
                    record_json TEXT NOT NULL
                )
                """,
                "CREATE UNIQUE INDEX workflows_caches_key ON workflows_caches (repository_arn, ref, cache_key)",
            ]
        },
        Migration(module: "workflows", version: 5, name: "schedules") { kind in
            [
                """
                CREATE TABLE workflows_schedules (
                    repository_arn TEXT NOT NULL,
                    workflow_path TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    PRIMARY KEY (repository_arn, workflow_path)
                )
                """,
                """
                CREATE TABLE workflows_schedule_fires (
                    repository_arn TEXT NOT NULL,
                    workflow_path TEXT NOT NULL,
                    fire_ms \(kind.bigintType) NOT NULL,
                    PRIMARY KEY (repository_arn, workflow_path, fire_ms)
                )
                """,
            ]
        },
    ]
}
