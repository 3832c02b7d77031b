import Foundation
import MetadataStore
import SQLKit

/// A SageMaker resource kept by its name, unique in an account and region regardless of case.
protocol NamedRecord: Codable, Sendable {
    var account: String { get }
    var region: String { get }
    var name: String { get }
    var arn: String { get }
    var created: Date { get }
}

extension ModelPackageGroupRecord: NamedRecord {}
extension CodeRepositoryRecord: NamedRecord {}

/// One table of named records (`account_id, region, name_key, record_json, created_ms`): the same reads and writes for
/// every resource SageMaker keeps by name.
struct NamedRecordTable<Record: NamedRecord>: Sendable {
    let database: any MetadataDatabase
    /// A table name from this module, never from input.
    let table: String

    /// Stores a new record with its tags; a name already taken is a `ValidationException` saying `duplicate`.
    func insert(_ record: Record, tags: [TagShape], duplicate: String) async throws {
        try await database.transaction { db in
            let existing = try await db.raw("""
                SELECT name_key FROM \(unsafeRaw: table) WHERE account_id = \(bind: record.account) AND region = \(bind: record.region)
                AND name_key = \(bind: record.name.lowercased())
                """).first()
            guard existing == nil else { throw SageMakerError.validation(duplicate) }
            try await db.raw("""
                INSERT INTO \(unsafeRaw: table) (account_id, region, name_key, record_json, created_ms)
                VALUES (\(bind: record.account), \(bind: record.region), \(bind: record.name.lowercased()), \(bind: SageMakerStore.encode(record)),
                    \(bind: SageMakerStore.ms(record.created)))
                """).run()
            try await SageMakerStore.addTags(db, record.arn, tags)
        }
    }

    func record(named name: String, account: String, region: String) async throws -> Record? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM \(unsafeRaw: table) WHERE account_id = \(bind: account) AND region = \(bind: region)
                AND name_key = \(bind: name.lowercased())
                """).first().flatMap { SageMakerStore.decode(Record.self, $0) }
        }
    }

    func all(account: String, region: String) async throws -> [Record] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM \(unsafeRaw: table) WHERE account_id = \(bind: account) AND region = \(bind: region)")
                .all().compactMap { SageMakerStore.decode(Record.self, $0) }
        }
    }

    func update(_ record: Record) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE \(unsafeRaw: table) SET record_json = \(bind: SageMakerStore.encode(record))
                WHERE account_id = \(bind: record.account) AND region = \(bind: record.region) AND name_key = \(bind: record.name.lowercased())
                """).run()
        }
    }

    /// Deletes the record and its tags.
    func delete(_ record: Record) async throws {
        try await database.transaction { db in
            try await db.raw("""
                DELETE FROM \(unsafeRaw: table) WHERE account_id = \(bind: record.account) AND region = \(bind: record.region)
                AND name_key = \(bind: record.name.lowercased())
                """).run()
            try await db.raw("DELETE FROM sagemaker_tags WHERE resource_arn = \(bind: record.arn)").run()
        }
    }
}
