import Foundation
import MetadataStore
import SQLKit

/// The Secrets Manager table: every read and write of secrets. Records hold sealed values only.
struct SecretStore: Sendable {
    let database: any MetadataDatabase

    static func encode(_ record: SecretRecord) -> String {
        (try? JSONEncoder().encode(record)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ row: any SQLRow) -> SecretRecord? {
        row.string("record_json").flatMap { try? JSONDecoder().decode(SecretRecord.self, from: Data($0.utf8)) }
    }

    /// Stores a new secret; the name taken is `ResourceExistsException`, or `InvalidRequestException` while the
    /// secret of that name waits for its deletion.
    func insert(_ record: SecretRecord) async throws {
        try await database.transaction { db in
            if let existing = try await db.raw("""
                SELECT record_json FROM secretsmanager_secrets WHERE account_id = \(bind: record.account) AND region = \(bind: record.region)
                AND secret_name = \(bind: record.name)
                """).first().flatMap(Self.decode) {
                if existing.deletionDate != nil {
                    throw SecretsError.invalidRequest("You can't create this secret because a secret with this name is already scheduled for deletion.")
                }
                throw SecretsError.exists(record.name)
            }
            try await db.raw("""
                INSERT INTO secretsmanager_secrets (arn, account_id, region, secret_name, record_json, created_ms)
                VALUES (\(bind: record.arn), \(bind: record.account), \(bind: record.region), \(bind: record.name), \(bind: Self.encode(record)),
                    \(bind: Int64(record.created.timeIntervalSince1970 * 1000)))
                """).run()
        }
    }

    /// The secret a name or ARN (complete, or without its random suffix) names.
    func secret(_ id: String, account: String, region: String) async throws -> SecretRecord? {
        try await database.read { db in
            if id.hasPrefix("arn:") {
                return try await db.raw("""
                    SELECT record_json FROM secretsmanager_secrets WHERE account_id = \(bind: account) AND region = \(bind: region)
                    AND (arn = \(bind: id) OR arn LIKE \(bind: id + "-______"))
                    """).first().flatMap(Self.decode)
            }
            return try await db.raw("""
                SELECT record_json FROM secretsmanager_secrets WHERE account_id = \(bind: account) AND region = \(bind: region) AND secret_name = \(bind: id)
                """).first().flatMap(Self.decode)
        }
    }

    func secrets(account: String, region: String) async throws -> [SecretRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM secretsmanager_secrets WHERE account_id = \(bind: account) AND region = \(bind: region)")
                .all().compactMap(Self.decode)
        }
    }

    func update(_ record: SecretRecord) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE secretsmanager_secrets SET record_json = \(bind: Self.encode(record)) WHERE arn = \(bind: record.arn)").run()
        }
    }

    func purge(_ arn: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM secretsmanager_secrets WHERE arn = \(bind: arn)").run()
        }
    }
}
