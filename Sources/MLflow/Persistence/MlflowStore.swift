import Foundation
import MetadataStore
import SQLKit

/// The MLflow servers' table: records, the leases that let one Slipway server at a time run a server's MLflow
/// process, and the presigned UI links and sessions.
struct MlflowStore: Sendable {
    let database: any MetadataDatabase

    static func encode(_ record: MlflowServerRecord) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return (try? encoder.encode(record)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode(_ row: any SQLRow) -> MlflowServerRecord? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        guard var record = row.string("record_json").flatMap({ try? decoder.decode(MlflowServerRecord.self, from: Data($0.utf8)) }) else { return nil }
        record.leaseUntil = row.int64("lease_until_ms").map { Date(timeIntervalSince1970: Double($0) / 1000) }
        return record
    }

    static func ms(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) }

    /// Stores a new server leased to `owner`; false when a tracking server of that name exists (apps' names may repeat).
    func insert(_ record: MlflowServerRecord, owner: String, leaseUntil: Date) async throws -> Bool {
        try await database.transaction { db in
            if record.kind == .trackingServer {
                let taken = try await db.raw("""
                    SELECT arn FROM sagemaker_mlflow_servers WHERE account_id = \(bind: record.account) AND region = \(bind: record.region)
                    AND kind = \(bind: record.kind.rawValue) AND name_key = \(bind: record.name.lowercased())
                    """).first() != nil
                if taken { return false }
            }
            try await db.raw("""
                INSERT INTO sagemaker_mlflow_servers (arn, server_id, kind, account_id, region, name_key, status, record_json, created_ms, lease_owner, lease_until_ms)
                VALUES (\(bind: record.arn), \(bind: record.id), \(bind: record.kind.rawValue), \(bind: record.account), \(bind: record.region),
                    \(bind: record.name.lowercased()), \(bind: record.status), \(bind: Self.encode(record)), \(bind: Self.ms(record.created)),
                    \(bind: owner), \(bind: Self.ms(leaseUntil)))
                """).run()
            return true
        }
    }

    func server(arn: String) async throws -> MlflowServerRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json, lease_until_ms FROM sagemaker_mlflow_servers WHERE arn = \(bind: arn)").first().flatMap(Self.decode)
        }
    }

    func server(id: String) async throws -> MlflowServerRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json, lease_until_ms FROM sagemaker_mlflow_servers WHERE server_id = \(bind: id)").first().flatMap(Self.decode)
        }
    }

    func servers(account: String, region: String, kind: MlflowServerRecord.Kind) async throws -> [MlflowServerRecord] {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json, lease_until_ms FROM sagemaker_mlflow_servers WHERE account_id = \(bind: account) AND region = \(bind: region)
                AND kind = \(bind: kind.rawValue)
                """).all().compactMap(Self.decode)
        }
    }

    /// Saves a server's state as `update` changes the stored record, atomically; nil when it is gone.
    @discardableResult
    func modify(_ arn: String, _ update: @escaping @Sendable (inout MlflowServerRecord) throws -> Void) async throws -> MlflowServerRecord? {
        try await database.transaction { db in
            guard var record = try await db.raw("SELECT record_json, lease_until_ms FROM sagemaker_mlflow_servers WHERE arn = \(bind: arn)").first().flatMap(Self.decode) else {
                return nil
            }
            try update(&record)
            try await db.raw("""
                UPDATE sagemaker_mlflow_servers SET status = \(bind: record.status), record_json = \(bind: Self.encode(record)) WHERE arn = \(bind: arn)
                """).run()
            return record
        }
    }

    func delete(_ arn: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM sagemaker_mlflow_servers WHERE arn = \(bind: arn)").run()
        }
    }

    /// Takes `arn`'s lease for `owner` when it is free, expired or already `owner`'s; whether it did.
    func claim(_ arn: String, owner: String, now: Date, until: Date) async throws -> Bool {
        try await database.transaction { db in
            let free = try await db.raw("""
                SELECT arn FROM sagemaker_mlflow_servers WHERE arn = \(bind: arn)
                AND (lease_owner IS NULL OR lease_owner = \(bind: owner) OR lease_until_ms IS NULL OR lease_until_ms < \(bind: Self.ms(now)))
                """).first() != nil
            guard free else { return false }
            try await db.raw("""
                UPDATE sagemaker_mlflow_servers SET lease_owner = \(bind: owner), lease_until_ms = \(bind: Self.ms(until)) WHERE arn = \(bind: arn)
                """).run()
            return true
        }
    }

    /// Extends `owner`'s lease; false when another server took it (this one must stop its process).
    func renew(_ arn: String, owner: String, until: Date) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.raw("""
                SELECT arn FROM sagemaker_mlflow_servers WHERE arn = \(bind: arn) AND lease_owner = \(bind: owner)
                """).first() != nil else { return false }
            try await db.raw("""
                UPDATE sagemaker_mlflow_servers SET lease_until_ms = \(bind: Self.ms(until)) WHERE arn = \(bind: arn) AND lease_owner = \(bind: owner)
                """).run()
            return true
        }
    }

    /// Gives `owner`'s lease up, so another server (or this one after a restart) may run the server at once.
    func release(_ arn: String, owner: String) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE sagemaker_mlflow_servers SET lease_owner = NULL, lease_until_ms = NULL WHERE arn = \(bind: arn) AND lease_owner = \(bind: owner)
                """).run()
        }
    }

    /// Servers that should run and whose lease is free or ran out (their Slipway server stopped).
    func unattended(now: Date) async throws -> [MlflowServerRecord] {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json, lease_until_ms FROM sagemaker_mlflow_servers WHERE lease_owner IS NULL OR lease_until_ms IS NULL
                OR lease_until_ms < \(bind: Self.ms(now))
                """).all().compactMap(Self.decode).filter { $0.shouldRun || $0.status == "Deleting" || $0.status == "Stopping" }
        }
    }

    /// Whether another Slipway server holds a live lease on some server that should run.
    func othersRunning(owner: String, now: Date) async throws -> Bool {
        try await database.read { db in
            try await db.raw("""
                SELECT arn FROM sagemaker_mlflow_servers WHERE lease_owner IS NOT NULL AND lease_owner <> \(bind: owner)
                AND lease_until_ms >= \(bind: Self.ms(now))
                """).first() != nil
        }
    }

    // MARK: UI links and sessions

    /// Keeps a presigned link's or session's token (by its hash).
    func saveToken(hash: String, serverID: String, purpose: String, accessKeyID: String, expires: Date, sessionSeconds: Int) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM sagemaker_mlflow_sessions WHERE expires_ms < \(bind: Self.ms(Date()))").run()
            try await db.raw("""
                INSERT INTO sagemaker_mlflow_sessions (token_hash, server_id, purpose, access_key_id, expires_ms, session_seconds)
                VALUES (\(bind: hash), \(bind: serverID), \(bind: purpose), \(bind: accessKeyID), \(bind: Self.ms(expires)), \(bind: sessionSeconds))
                """).run()
        }
    }

    /// A token's grant: the access key it acts for and how long a session it opens lasts; a `url` token is used up.
    struct Grant: Sendable {
        var accessKeyID: String
        var expires: Date
        var sessionSeconds: Int
    }

    func redeem(hash: String, serverID: String, purpose: String, now: Date) async throws -> Grant? {
        try await database.transaction { db in
            guard let row = try await db.raw("""
                SELECT access_key_id, expires_ms, session_seconds FROM sagemaker_mlflow_sessions WHERE token_hash = \(bind: hash)
                AND server_id = \(bind: serverID) AND purpose = \(bind: purpose) AND expires_ms >= \(bind: Self.ms(now))
                """).first(),
                let key = row.string("access_key_id"), let expires = row.int64("expires_ms"), let seconds = row.int64("session_seconds")
            else { return nil }
            if purpose == "url" {
                try await db.raw("DELETE FROM sagemaker_mlflow_sessions WHERE token_hash = \(bind: hash)").run()
            }
            return Grant(accessKeyID: key, expires: Date(timeIntervalSince1970: Double(expires) / 1000), sessionSeconds: Int(seconds))
        }
    }

    func deleteTokens(serverID: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM sagemaker_mlflow_sessions WHERE server_id = \(bind: serverID)").run()
        }
    }
}
