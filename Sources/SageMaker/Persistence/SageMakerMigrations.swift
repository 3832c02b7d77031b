import MetadataStore

/// The SageMaker tables: domains, user profiles, projects, and the tags on each.
enum SageMakerMigrations {
    static let all: [Migration] = [
        Migration(module: "sagemaker", version: 1, name: "domains, user profiles, projects, tags") { kind in
            [
                """
                CREATE TABLE sagemaker_domains (
                    domain_id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    domain_name TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL
                )
                """,
                "CREATE INDEX sagemaker_domains_account ON sagemaker_domains (account_id, region)",
                """
                CREATE TABLE sagemaker_user_profiles (
                    domain_id TEXT NOT NULL,
                    profile_name TEXT NOT NULL,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    PRIMARY KEY (domain_id, profile_name)
                )
                """,
                """
                CREATE TABLE sagemaker_projects (
                    project_id TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    project_name TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    deleted_ms \(kind.bigintType)
                )
                """,
                "CREATE INDEX sagemaker_projects_name ON sagemaker_projects (account_id, region, project_name)",
                """
                CREATE TABLE sagemaker_tags (
                    resource_arn TEXT NOT NULL,
                    position INTEGER NOT NULL,
                    tag_key TEXT NOT NULL,
                    tag_value TEXT NOT NULL,
                    PRIMARY KEY (resource_arn, tag_key)
                )
                """,
            ]
        },
        Migration(module: "sagemaker", version: 2, name: "model package groups") { kind in
            [
                """
                CREATE TABLE sagemaker_model_package_groups (
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    PRIMARY KEY (account_id, region, name_key)
                )
                """,
            ]
        },
        Migration(module: "sagemaker", version: 3, name: "code repositories") { kind in
            [
                """
                CREATE TABLE sagemaker_code_repositories (
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    name_key TEXT NOT NULL,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    PRIMARY KEY (account_id, region, name_key)
                )
                """,
            ]
        },
        Migration(module: "sagemaker", version: 4, name: "model packages") { kind in
            [
                """
                CREATE TABLE sagemaker_model_packages (
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    group_key TEXT NOT NULL,
                    version INTEGER NOT NULL,
                    record_json TEXT NOT NULL,
                    created_ms \(kind.bigintType) NOT NULL,
                    PRIMARY KEY (account_id, region, group_key, version)
                )
                """,
            ]
        },
    ]
}
