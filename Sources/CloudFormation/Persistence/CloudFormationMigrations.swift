import MetadataStore

/// The CloudFormation tables: stacks, their resources as last recorded, and every event in order.
enum CloudFormationMigrations {
    static let all: [Migration] = [
        Migration(module: "cloudformation", version: 1, name: "stacks, resources, events") { kind in
            [
                """
                CREATE TABLE cfn_stacks (
                    stack_id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    stack_name TEXT NOT NULL,
                    status TEXT NOT NULL,
                    status_reason TEXT,
                    description TEXT,
                    template_body TEXT NOT NULL,
                    parameters_json TEXT NOT NULL,
                    outputs_json TEXT NOT NULL,
                    tags_json TEXT NOT NULL,
                    capabilities_json TEXT NOT NULL,
                    role_arn TEXT,
                    disable_rollback INTEGER NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    updated_ms \(kind.bigintType),
                    deleted_ms \(kind.bigintType)
                )
                """,
                "CREATE INDEX cfn_stacks_name ON cfn_stacks (account_id, region, stack_name)",
                """
                CREATE TABLE cfn_stack_resources (
                    stack_id TEXT NOT NULL REFERENCES cfn_stacks(stack_id),
                    logical_id TEXT NOT NULL,
                    resource_type TEXT NOT NULL,
                    physical_id TEXT,
                    status TEXT NOT NULL,
                    status_reason TEXT,
                    properties_json TEXT,
                    attributes_json TEXT,
                    updated_ms \(kind.bigintType) NOT NULL,
                    PRIMARY KEY (stack_id, logical_id)
                )
                """,
                """
                CREATE TABLE cfn_stack_events (
                    event_id TEXT PRIMARY KEY,
                    stack_id TEXT NOT NULL REFERENCES cfn_stacks(stack_id),
                    seq \(kind.bigintType) NOT NULL,
                    logical_id TEXT NOT NULL,
                    physical_id TEXT,
                    resource_type TEXT NOT NULL,
                    status TEXT NOT NULL,
                    status_reason TEXT,
                    time_ms \(kind.bigintType) NOT NULL
                )
                """,
                "CREATE INDEX cfn_stack_events_stack ON cfn_stack_events (stack_id, seq)",
            ]
        },
        Migration(module: "cloudformation", version: 2, name: "the principal a stack acts as") { _ in
            ["ALTER TABLE cfn_stacks ADD COLUMN principal_json TEXT"]
        },
        Migration(module: "cloudformation", version: 3, name: "updates, their journal, change sets, exports and imports") { kind in
            [
                "ALTER TABLE cfn_stacks ADD COLUMN previous_json TEXT",
                "ALTER TABLE cfn_stacks ADD COLUMN last_updated_ms \(kind.bigintType)",
                "ALTER TABLE cfn_stacks ADD COLUMN termination_protection INTEGER NOT NULL DEFAULT 0",
                "ALTER TABLE cfn_stacks ADD COLUMN imports_json TEXT",
                """
                CREATE TABLE cfn_update_steps (
                    stack_id TEXT NOT NULL REFERENCES cfn_stacks(stack_id),
                    seq \(kind.bigintType) NOT NULL,
                    step_json TEXT NOT NULL,
                    PRIMARY KEY (stack_id, seq)
                )
                """,
                """
                CREATE TABLE cfn_change_sets (
                    change_set_id TEXT PRIMARY KEY,
                    stack_id TEXT NOT NULL REFERENCES cfn_stacks(stack_id),
                    change_set_name TEXT NOT NULL,
                    change_set_type TEXT NOT NULL,
                    status TEXT NOT NULL,
                    status_reason TEXT,
                    execution_status TEXT NOT NULL,
                    description TEXT,
                    template_body TEXT NOT NULL,
                    parameters_json TEXT NOT NULL,
                    capabilities_json TEXT NOT NULL,
                    tags_json TEXT,
                    role_arn TEXT,
                    changes_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL
                )
                """,
                "CREATE INDEX cfn_change_sets_stack ON cfn_change_sets (stack_id, change_set_name)",
            ]
        },
        Migration(module: "cloudformation", version: 4, name: "nested stacks") { _ in
            ["ALTER TABLE cfn_stacks ADD COLUMN parent_id TEXT", "ALTER TABLE cfn_stacks ADD COLUMN root_id TEXT"]
        },
    ]
}
