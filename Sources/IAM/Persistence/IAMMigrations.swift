import MetadataStore

/// The IAM and STS tables; names are case-insensitively unique per account, so each table keys on a lowercased `name_key`.
enum IAMMigrations {
    static let all: [Migration] = [
        Migration(module: "iam", version: 1, name: "accounts, users, groups, roles, keys, policies, sessions") { _ in
            [
                """
                CREATE TABLE iam_accounts (
                    account_id TEXT PRIMARY KEY,
                    name TEXT NOT NULL UNIQUE,
                    created_ms BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE iam_users (
                    account_id TEXT NOT NULL REFERENCES iam_accounts(account_id),
                    name_key TEXT NOT NULL,
                    user_name TEXT NOT NULL,
                    user_id TEXT NOT NULL UNIQUE,
                    path TEXT NOT NULL,
                    created_ms BIGINT NOT NULL,
                    boundary_arn TEXT,
                    PRIMARY KEY (account_id, name_key)
                )
                """,
                """
                CREATE TABLE iam_groups (
                    account_id TEXT NOT NULL REFERENCES iam_accounts(account_id),
                    name_key TEXT NOT NULL,
                    group_name TEXT NOT NULL,
                    group_id TEXT NOT NULL UNIQUE,
                    path TEXT NOT NULL,
                    created_ms BIGINT NOT NULL,
                    PRIMARY KEY (account_id, name_key)
                )
                """,
                """
                CREATE TABLE iam_group_members (
                    account_id TEXT NOT NULL,
                    group_key TEXT NOT NULL,
                    user_key TEXT NOT NULL,
                    PRIMARY KEY (account_id, group_key, user_key)
                )
                """,
                """
                CREATE TABLE iam_roles (
                    account_id TEXT NOT NULL REFERENCES iam_accounts(account_id),
                    name_key TEXT NOT NULL,
                    role_name TEXT NOT NULL,
                    role_id TEXT NOT NULL UNIQUE,
                    path TEXT NOT NULL,
                    trust_policy TEXT NOT NULL,
                    description TEXT,
                    max_session_duration INTEGER NOT NULL,
                    created_ms BIGINT NOT NULL,
                    boundary_arn TEXT,
                    PRIMARY KEY (account_id, name_key)
                )
                """,
                """
                CREATE TABLE iam_access_keys (
                    access_key_id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL REFERENCES iam_accounts(account_id),
                    user_key TEXT,
                    secret TEXT NOT NULL,
                    status TEXT NOT NULL,
                    created_ms BIGINT NOT NULL,
                    last_used_ms BIGINT,
                    last_used_service TEXT,
                    last_used_region TEXT
                )
                """,
                "CREATE INDEX iam_access_keys_user ON iam_access_keys (account_id, user_key)",
                """
                CREATE TABLE iam_inline_policies (
                    account_id TEXT NOT NULL,
                    entity_type TEXT NOT NULL,
                    entity_key TEXT NOT NULL,
                    policy_name TEXT NOT NULL,
                    document TEXT NOT NULL,
                    PRIMARY KEY (account_id, entity_type, entity_key, policy_name)
                )
                """,
                """
                CREATE TABLE iam_managed_policies (
                    policy_arn TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    policy_name TEXT NOT NULL,
                    policy_id TEXT NOT NULL UNIQUE,
                    path TEXT NOT NULL,
                    description TEXT,
                    default_version TEXT NOT NULL,
                    next_version INTEGER NOT NULL,
                    created_ms BIGINT NOT NULL,
                    updated_ms BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE iam_policy_versions (
                    policy_arn TEXT NOT NULL REFERENCES iam_managed_policies(policy_arn) ON DELETE CASCADE,
                    version_id TEXT NOT NULL,
                    document TEXT NOT NULL,
                    created_ms BIGINT NOT NULL,
                    PRIMARY KEY (policy_arn, version_id)
                )
                """,
                """
                CREATE TABLE iam_attachments (
                    account_id TEXT NOT NULL,
                    entity_type TEXT NOT NULL,
                    entity_key TEXT NOT NULL,
                    policy_arn TEXT NOT NULL,
                    PRIMARY KEY (account_id, entity_type, entity_key, policy_arn)
                )
                """,
                "CREATE INDEX iam_attachments_policy ON iam_attachments (policy_arn)",
                """
                CREATE TABLE iam_tags (
                    account_id TEXT NOT NULL,
                    resource_type TEXT NOT NULL,
                    resource_key TEXT NOT NULL,
                    tag_key_lower TEXT NOT NULL,
                    tag_key TEXT NOT NULL,
                    tag_value TEXT NOT NULL,
                    PRIMARY KEY (account_id, resource_type, resource_key, tag_key_lower)
                )
                """,
                """
                CREATE TABLE sts_sessions (
                    access_key_id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    secret TEXT NOT NULL,
                    session_token TEXT NOT NULL,
                    principal_json TEXT NOT NULL,
                    expires_ms BIGINT NOT NULL
                )
                """,
                "CREATE INDEX sts_sessions_expiry ON sts_sessions (expires_ms)",
            ]
        },
        Migration(module: "iam", version: 2, name: "AWS managed policies") { _ in AWSManagedPolicies.insertStatements },
        Migration(module: "iam", version: 3, name: "instance profiles") { kind in
            [
                """
                CREATE TABLE iam_instance_profiles (
                    account_id TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    profile_name TEXT NOT NULL,
                    profile_id TEXT NOT NULL,
                    path TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    PRIMARY KEY (account_id, name_key)
                )
                """,
                """
                CREATE TABLE iam_instance_profile_roles (
                    account_id TEXT NOT NULL,
                    profile_key TEXT NOT NULL,
                    role_key TEXT NOT NULL,
                    PRIMARY KEY (account_id, profile_key, role_key)
                )
                """,
                "CREATE INDEX iam_instance_profile_roles_role ON iam_instance_profile_roles (account_id, role_key)",
            ]
        },
    ]
}
