import Foundation
import MetadataStore
import SQLKit
import SlipwayCore

/// The SageMaker tables: every read and write of domains, user profiles, projects and tags. Records are kept as
/// JSON beside the columns they are found by.
struct SageMakerStore: Sendable {
    let database: any MetadataDatabase

    static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    static func encode<T: Encodable>(_ value: T) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ row: any SQLRow) -> T? {
        row.string("record_json").flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }

    // MARK: Domains

    func insert(_ domain: DomainRecord, tags: [TagShape]) async throws {
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO sagemaker_domains (domain_id, account_id, region, domain_name, record_json, created_ms)
                VALUES (\(bind: domain.id), \(bind: domain.account), \(bind: domain.region), \(bind: domain.name), \(bind: Self.encode(domain)),
                    \(bind: Self.ms(domain.created)))
                """).run()
            try await Self.addTags(db, domain.arn, tags)
        }
    }

    func domain(_ id: String, account: String, region: String) async throws -> DomainRecord? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM sagemaker_domains WHERE domain_id = \(bind: id) AND account_id = \(bind: account) AND region = \(bind: region)
                """).first().flatMap { Self.decode(DomainRecord.self, $0) }
        }
    }

    func domains(account: String, region: String) async throws -> [DomainRecord] {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM sagemaker_domains WHERE account_id = \(bind: account) AND region = \(bind: region) ORDER BY created_ms DESC, domain_id
                """).all().compactMap { Self.decode(DomainRecord.self, $0) }
        }
    }

    func update(_ domain: DomainRecord) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE sagemaker_domains SET record_json = \(bind: Self.encode(domain)) WHERE domain_id = \(bind: domain.id)").run()
        }
    }

    /// Deletes a domain and its tags; `ResourceInUse` while it has user profiles.
    func deleteDomain(_ domain: DomainRecord) async throws {
        try await database.transaction { db in
            let profile = try await db.raw("SELECT profile_name FROM sagemaker_user_profiles WHERE domain_id = \(bind: domain.id)").first()
            guard profile == nil else {
                throw SageMakerError.resourceInUse("Domain \(domain.arn) has user profiles; delete them first.")
            }
            try await db.raw("DELETE FROM sagemaker_domains WHERE domain_id = \(bind: domain.id)").run()
            try await db.raw("DELETE FROM sagemaker_tags WHERE resource_arn = \(bind: domain.arn)").run()
        }
    }

    // MARK: User profiles

    func insert(_ profile: UserProfileRecord, tags: [TagShape]) async throws {
        try await database.transaction { db in
            let existing = try await db.raw("""
                SELECT profile_name FROM sagemaker_user_profiles WHERE domain_id = \(bind: profile.domainID) AND profile_name = \(bind: profile.name)
                """).first()
            guard existing == nil else { throw SageMakerError.resourceInUse("Resource Already Exists: UserProfile with name \(profile.name) already exists. Choose a different name.") }
            try await db.raw("""
                INSERT INTO sagemaker_user_profiles (domain_id, profile_name, account_id, region, record_json, created_ms)
                VALUES (\(bind: profile.domainID), \(bind: profile.name), \(bind: profile.account), \(bind: profile.region), \(bind: Self.encode(profile)),
                    \(bind: Self.ms(profile.created)))
                """).run()
            try await Self.addTags(db, profile.arn, tags)
        }
    }

    func profile(domain: String, name: String) async throws -> UserProfileRecord? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM sagemaker_user_profiles WHERE domain_id = \(bind: domain) AND profile_name = \(bind: name)
                """).first().flatMap { Self.decode(UserProfileRecord.self, $0) }
        }
    }

    func profiles(account: String, region: String) async throws -> [UserProfileRecord] {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM sagemaker_user_profiles WHERE account_id = \(bind: account) AND region = \(bind: region) ORDER BY created_ms, profile_name
                """).all().compactMap { Self.decode(UserProfileRecord.self, $0) }
        }
    }

    func deleteProfile(_ profile: UserProfileRecord) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM sagemaker_user_profiles WHERE domain_id = \(bind: profile.domainID) AND profile_name = \(bind: profile.name)").run()
            try await db.raw("DELETE FROM sagemaker_tags WHERE resource_arn = \(bind: profile.arn)").run()
        }
    }

    // MARK: Projects

    /// Stores a new project; a live project of the same name in the account and region is refused.
    func insert(_ project: ProjectRecord, tags: [TagShape]) async throws {
        try await database.transaction { db in
            let existing = try await db.raw("""
                SELECT project_id FROM sagemaker_projects WHERE account_id = \(bind: project.account) AND region = \(bind: project.region)
                AND project_name = \(bind: project.name) AND deleted_ms IS NULL
                """).first()
            guard existing == nil else { throw SageMakerError.validation("Project name already exists: \(project.name)") }
            try await db.raw("""
                INSERT INTO sagemaker_projects (project_id, account_id, region, project_name, record_json, created_ms)
                VALUES (\(bind: project.id), \(bind: project.account), \(bind: project.region), \(bind: project.name), \(bind: Self.encode(project)),
                    \(bind: Self.ms(project.created)))
                """).run()
            try await Self.addTags(db, project.arn, tags)
        }
    }

    func update(_ project: ProjectRecord) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE sagemaker_projects SET record_json = \(bind: Self.encode(project)) WHERE project_id = \(bind: project.id)").run()
        }
    }

    /// The live project of that name.
    func project(named name: String, account: String, region: String) async throws -> ProjectRecord? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM sagemaker_projects WHERE account_id = \(bind: account) AND region = \(bind: region)
                AND project_name = \(bind: name) AND deleted_ms IS NULL
                """).first().flatMap { Self.decode(ProjectRecord.self, $0) }
        }
    }

    /// The most recently deleted project of that name (its last status and retained resources stay readable).
    func deletedProject(named name: String, account: String, region: String) async throws -> ProjectRecord? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM sagemaker_projects WHERE account_id = \(bind: account) AND region = \(bind: region)
                AND project_name = \(bind: name) AND deleted_ms IS NOT NULL ORDER BY deleted_ms DESC
                """).first().flatMap { Self.decode(ProjectRecord.self, $0) }
        }
    }

    /// Live projects still `Pending` without a stack, in every account.
    func pendingProjects() async throws -> [ProjectRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM sagemaker_projects WHERE deleted_ms IS NULL").all()
                .compactMap { Self.decode(ProjectRecord.self, $0) }.filter { $0.stackID == nil && $0.status == "Pending" }
        }
    }

    func projects(account: String, region: String) async throws -> [ProjectRecord] {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM sagemaker_projects WHERE account_id = \(bind: account) AND region = \(bind: region) AND deleted_ms IS NULL
                """).all().compactMap { Self.decode(ProjectRecord.self, $0) }
        }
    }

    /// Marks a project whose stack is gone as deleted: its name is free again, its tags go.
    func markDeleted(_ project: ProjectRecord, now: Date) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE sagemaker_projects SET deleted_ms = \(bind: Self.ms(now)), record_json = \(bind: Self.encode(project))
                WHERE project_id = \(bind: project.id)
                """).run()
            try await db.raw("DELETE FROM sagemaker_tags WHERE resource_arn = \(bind: project.arn)").run()
        }
    }

    /// Model package groups, by name.
    var groups: NamedRecordTable<ModelPackageGroupRecord> { NamedRecordTable(database: database, table: "sagemaker_model_package_groups") }
    /// Code repositories, by name.
    var repositories: NamedRecordTable<CodeRepositoryRecord> { NamedRecordTable(database: database, table: "sagemaker_code_repositories") }

    // MARK: Model packages

    /// Registers the next version of a group's model; versions count from 1 and are never reused.
    func insertNextVersion(_ package: ModelPackageRecord, tags: [TagShape]) async throws -> ModelPackageRecord {
        try await database.transaction { db in
            let top = try await db.raw("""
                SELECT COALESCE(MAX(version), 0) AS top FROM sagemaker_model_packages WHERE account_id = \(bind: package.account)
                AND region = \(bind: package.region) AND group_key = \(bind: package.groupName.lowercased())
                """).first()?.int64("top") ?? 0
            var versioned = package
            versioned.version = Int(top) + 1
            try await db.raw("""
                INSERT INTO sagemaker_model_packages (account_id, region, group_key, version, record_json, created_ms)
                VALUES (\(bind: versioned.account), \(bind: versioned.region), \(bind: versioned.groupName.lowercased()), \(bind: versioned.version),
                    \(bind: Self.encode(versioned)), \(bind: Self.ms(versioned.created)))
                """).run()
            try await Self.addTags(db, versioned.arn, tags)
            return versioned
        }
    }

    func modelPackage(group: String, version: Int, account: String, region: String) async throws -> ModelPackageRecord? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM sagemaker_model_packages WHERE account_id = \(bind: account) AND region = \(bind: region)
                AND group_key = \(bind: group.lowercased()) AND version = \(bind: version)
                """).first().flatMap { Self.decode(ModelPackageRecord.self, $0) }
        }
    }

    func modelPackages(account: String, region: String) async throws -> [ModelPackageRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM sagemaker_model_packages WHERE account_id = \(bind: account) AND region = \(bind: region)")
                .all().compactMap { Self.decode(ModelPackageRecord.self, $0) }
        }
    }

    func update(_ package: ModelPackageRecord) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE sagemaker_model_packages SET record_json = \(bind: Self.encode(package)) WHERE account_id = \(bind: package.account)
                AND region = \(bind: package.region) AND group_key = \(bind: package.groupName.lowercased()) AND version = \(bind: package.version)
                """).run()
        }
    }

    func delete(_ package: ModelPackageRecord) async throws {
        try await database.transaction { db in
            try await db.raw("""
                DELETE FROM sagemaker_model_packages WHERE account_id = \(bind: package.account) AND region = \(bind: package.region)
                AND group_key = \(bind: package.groupName.lowercased()) AND version = \(bind: package.version)
                """).run()
            try await db.raw("DELETE FROM sagemaker_tags WHERE resource_arn = \(bind: package.arn)").run()
        }
    }

    // MARK: Tags

    static func addTags(_ db: any SQLDatabase, _ arn: String, _ tags: [TagShape]) async throws {
        var position = try await db.raw("SELECT COALESCE(MAX(position), 0) AS top FROM sagemaker_tags WHERE resource_arn = \(bind: arn)").first()?.int64("top") ?? 0
        for tag in tags {
            position += 1
            try await db.raw("DELETE FROM sagemaker_tags WHERE resource_arn = \(bind: arn) AND tag_key = \(bind: tag.key)").run()
            try await db.raw("""
                INSERT INTO sagemaker_tags (resource_arn, position, tag_key, tag_value)
                VALUES (\(bind: arn), \(bind: position), \(bind: tag.key), \(bind: tag.value))
                """).run()
        }
    }

    /// Adds tags (a key already present takes the new value); `ResourceLimitExceeded` past 50.
    func addTags(_ arn: String, _ tags: [TagShape]) async throws {
        try await database.transaction { db in
            try await Self.addTags(db, arn, tags)
            let count = try await db.raw("SELECT COUNT(*) AS n FROM sagemaker_tags WHERE resource_arn = \(bind: arn)").first()?.int64("n") ?? 0
            if count > 50 { throw SageMakerError.resourceLimitExceeded("The number of tags on \(arn) would exceed 50") }
        }
    }

    func tags(_ arn: String) async throws -> [TagShape] {
        try await database.read { db in
            try await db.raw("SELECT tag_key, tag_value FROM sagemaker_tags WHERE resource_arn = \(bind: arn) ORDER BY position").all().compactMap { row in
                guard let key = row.string("tag_key"), let value = row.string("tag_value") else { return nil }
                return TagShape(key: key, value: value)
            }
        }
    }

    func removeTags(_ arn: String, keys: [String]) async throws {
        try await database.transaction { db in
            for key in keys { try await db.raw("DELETE FROM sagemaker_tags WHERE resource_arn = \(bind: arn) AND tag_key = \(bind: key)").run() }
        }
    }
}
