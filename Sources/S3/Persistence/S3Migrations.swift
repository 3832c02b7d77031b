import MetadataStore

/// The S3 tables; bucket names are global, so the name alone is the key.
enum S3Migrations {
    static let all: [Migration] = [
        Migration(module: "s3", version: 1, name: "buckets") { _ in
            [
                """
                CREATE TABLE s3_buckets (
                    name TEXT PRIMARY KEY,
                    account_id TEXT NOT NULL,
                    region TEXT NOT NULL,
                    created_ms BIGINT NOT NULL
                )
                """,
                "CREATE INDEX s3_buckets_account ON s3_buckets (account_id, name)",
            ]
        },
        Migration(module: "s3", version: 2, name: "object versions") { _ in
            [
                """
                CREATE TABLE s3_objects (
                    bucket TEXT NOT NULL REFERENCES s3_buckets(name),
                    object_key TEXT NOT NULL,
                    version_id TEXT NOT NULL,
                    is_latest INTEGER NOT NULL,
                    delete_marker INTEGER NOT NULL,
                    blob_id TEXT,
                    size BIGINT NOT NULL,
                    etag TEXT NOT NULL,
                    content_type TEXT,
                    headers_json TEXT NOT NULL,
                    metadata_json TEXT NOT NULL,
                    last_modified_ms BIGINT NOT NULL,
                    PRIMARY KEY (bucket, object_key, version_id)
                )
                """,
                "CREATE INDEX s3_objects_latest ON s3_objects (bucket, is_latest, object_key)",
            ]
        },
        Migration(module: "s3", version: 3, name: "bucket versioning, version order") { _ in
            [
                "ALTER TABLE s3_buckets ADD COLUMN versioning TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE s3_objects ADD COLUMN seq BIGINT NOT NULL DEFAULT 0",
            ]
        },
        Migration(module: "s3", version: 4, name: "object tags") { _ in
            ["ALTER TABLE s3_objects ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]'"]
        },
        Migration(module: "s3", version: 5, name: "bucket policies") { _ in
            ["ALTER TABLE s3_buckets ADD COLUMN policy TEXT"]
        },
        Migration(module: "s3", version: 6, name: "bucket CORS") { _ in
            ["ALTER TABLE s3_buckets ADD COLUMN cors_json TEXT"]
        },
        Migration(module: "s3", version: 7, name: "bucket tags") { _ in
            ["ALTER TABLE s3_buckets ADD COLUMN tags_json TEXT"]
        },
        Migration(module: "s3", version: 8, name: "multipart uploads") { _ in
            [
                """
                CREATE TABLE s3_uploads (
                    upload_id TEXT PRIMARY KEY,
                    bucket TEXT NOT NULL REFERENCES s3_buckets(name),
                    object_key TEXT NOT NULL,
                    content_type TEXT,
                    headers_json TEXT NOT NULL,
                    metadata_json TEXT NOT NULL,
                    tags_json TEXT NOT NULL,
                    created_ms BIGINT NOT NULL
                )
                """,
                "CREATE INDEX s3_uploads_bucket ON s3_uploads (bucket, object_key)",
                """
                CREATE TABLE s3_upload_parts (
                    upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
                    part_number INTEGER NOT NULL,
                    blob_id TEXT NOT NULL,
                    size BIGINT NOT NULL,
                    md5_hex TEXT NOT NULL,
                    created_ms BIGINT NOT NULL,
                    PRIMARY KEY (upload_id, part_number)
                )
                """,
            ]
        },
        Migration(module: "s3", version: 9, name: "block public access") { _ in
            ["ALTER TABLE s3_buckets ADD COLUMN public_access_block TEXT"]
        },
        Migration(module: "s3", version: 10, name: "lifecycle") { _ in
            ["ALTER TABLE s3_buckets ADD COLUMN lifecycle_json TEXT"]
        },
        Migration(module: "s3", version: 11, name: "default encryption") { _ in
            ["ALTER TABLE s3_buckets ADD COLUMN encryption_json TEXT"]
        },
        Migration(module: "s3", version: 12, name: "replication") { _ in
            [
                "ALTER TABLE s3_buckets ADD COLUMN replication_json TEXT",
                "ALTER TABLE s3_objects ADD COLUMN replication_status TEXT",
                """
                CREATE TABLE s3_replication_queue (
                    task_id TEXT PRIMARY KEY,
                    source_bucket TEXT NOT NULL,
                    object_key TEXT NOT NULL,
                    version_id TEXT NOT NULL,
                    version_seq BIGINT NOT NULL,
                    delete_marker INTEGER NOT NULL,
                    destination_bucket TEXT NOT NULL,
                    attempts INTEGER NOT NULL,
                    due_ms BIGINT NOT NULL,
                    lease_until_ms BIGINT NOT NULL,
                    created_ms BIGINT NOT NULL,
                    last_error TEXT
                )
                """,
                "CREATE INDEX s3_replication_queue_due ON s3_replication_queue (due_ms)",
                "CREATE INDEX s3_replication_queue_version ON s3_replication_queue (source_bucket, object_key, version_seq)",
            ]
        },
        Migration(module: "s3", version: 13, name: "multipart checksums, completed uploads") { _ in
            [
                "ALTER TABLE s3_uploads ADD COLUMN checksum_algorithm TEXT",
                "ALTER TABLE s3_uploads ADD COLUMN checksum_type TEXT",
                "ALTER TABLE s3_upload_parts ADD COLUMN checksum TEXT",
                """
                CREATE TABLE s3_completed_uploads (
                    upload_id TEXT PRIMARY KEY,
                    bucket TEXT NOT NULL,
                    object_key TEXT NOT NULL,
                    version_id TEXT NOT NULL,
                    etag TEXT NOT NULL,
                    result_json TEXT NOT NULL,
                    completed_ms BIGINT NOT NULL
                )
                """,
                "CREATE INDEX s3_completed_uploads_age ON s3_completed_uploads (completed_ms)",
            ]
        },
        Migration(module: "s3", version: 14, name: "object ownership, ACLs") { _ in
            [
                // Buckets made before this migration had ACLs disabled, as every bucket S3 makes now has.
                "ALTER TABLE s3_buckets ADD COLUMN object_ownership TEXT DEFAULT 'BucketOwnerEnforced'",
                "ALTER TABLE s3_buckets ADD COLUMN acl_json TEXT",
                "ALTER TABLE s3_objects ADD COLUMN acl_json TEXT",
                "ALTER TABLE s3_uploads ADD COLUMN acl_json TEXT",
            ]
        },
    ]
}
