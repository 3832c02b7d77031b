import MetadataStore

/// Lambda's tables: function versions (one row each, `$LATEST` included), aliases, deployment packages by hash, and
/// accepted `Event` invocations not yet run.
enum LambdaMigrations {
    static let all: [Migration] = [
        Migration(module: "lambda", version: 1, name: "functions") { kind in
            [
                """
                CREATE TABLE lambda_functions (
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    function_name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    code_sha TEXT NOT NULL,
                    PRIMARY KEY (account_id, region, function_name, version)
                )
                """,
                """
                CREATE TABLE lambda_aliases (
                    function_arn TEXT NOT NULL,
                    alias_name TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    PRIMARY KEY (function_arn, alias_name)
                )
                """,
                """
                CREATE TABLE lambda_code (
                    code_sha TEXT PRIMARY KEY,
                    zip \(kind.blobType) NOT NULL
                )
                """,
            ]
        },
        Migration(module: "lambda", version: 2, name: "asynchronous invocations") { kind in
            [
                """
                CREATE TABLE lambda_async_invocations (
                    invocation_id TEXT PRIMARY KEY,
                    next_attempt_ms \(kind.bigintType) NOT NULL,
                    record_json TEXT NOT NULL
                )
                """,
                "CREATE INDEX lambda_async_due ON lambda_async_invocations (next_attempt_ms)",
            ]
        },
    ]
}
