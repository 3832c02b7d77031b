import Foundation
import MetadataStore
import SQLKit

/// Every read and write of the git room's tables.
struct RepositoryStore: Sendable {
    let database: any MetadataDatabase

    /// A record as its row's `record_json` keeps it.
    static func encode(_ record: some Encodable) -> String {
        (try? JSONEncoder().encode(record)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The record a row's `record_json` holds.
    static func decode<Record: Decodable>(_ row: any SQLRow) -> Record? {
        row.string("record_json").flatMap { try? JSONDecoder().decode(Record.self, from: Data($0.utf8)) }
    }

    /// Stores a new repository; a name taken in the account and region is `RepositoryNameExistsException`.
    func insert(_ record: RepositoryRecord) async throws {
        try await database.transaction { db in
            let taken = try await db.raw("""
                SELECT arn FROM git_repositories WHERE account_id = \(bind: record.account) AND region = \(bind: record.region)
                AND repository_name = \(bind: record.name)
                """).first()
            if taken != nil { throw GitError.exists(record.name) }
            try await db.raw("""
                INSERT INTO git_repositories (arn, account_id, region, repository_name, repository_id, record_json, created_ms)
                VALUES (\(bind: record.arn), \(bind: record.account), \(bind: record.region), \(bind: record.name), \(bind: record.id),
                    \(bind: Self.encode(record)), \(bind: Int64(record.created.timeIntervalSince1970 * 1000)))
                """).run()
        }
    }

    func repository(named name: String, account: String, region: String) async throws -> RepositoryRecord? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM git_repositories WHERE account_id = \(bind: account) AND region = \(bind: region) AND repository_name = \(bind: name)
                """).first().flatMap(Self.decode)
        }
    }

    func repository(arn: String) async throws -> RepositoryRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM git_repositories WHERE arn = \(bind: arn)").first().flatMap(Self.decode)
        }
    }

    func repositories(account: String, region: String) async throws -> [RepositoryRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM git_repositories WHERE account_id = \(bind: account) AND region = \(bind: region)")
                .all().compactMap(Self.decode)
        }
    }

    func update(_ record: RepositoryRecord) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE git_repositories SET record_json = \(bind: Self.encode(record)) WHERE arn = \(bind: record.arn)").run()
        }
    }

    /// Removes the repository's row and its push history.
    func delete(_ record: RepositoryRecord) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM git_repositories WHERE arn = \(bind: record.arn)").run()
            try await db.raw("DELETE FROM git_pushes WHERE repository_arn = \(bind: record.arn)").run()
        }
    }

    /// Records the refs one push changed, in the order git reported them.
    func record(_ refs: [PushedRef]) async throws {
        guard !refs.isEmpty else { return }
        try await database.insertRows(
            into: "git_pushes", columns: ["repository_arn", "ref", "old_commit", "new_commit", "pusher", "time_ms"],
            rows: refs.map { [.text($0.repositoryArn), .text($0.ref), .text($0.oldCommit), .text($0.newCommit), .text($0.pusher), .integer(Int64($0.time.timeIntervalSince1970 * 1000))] }
        )
    }

    /// The refs pushes to a repository changed, oldest first.
    func pushes(repositoryArn: String) async throws -> [PushedRef] {
        try await database.read { db in
            try await db.raw("""
                SELECT ref, old_commit, new_commit, pusher, time_ms FROM git_pushes WHERE repository_arn = \(bind: repositoryArn) ORDER BY id
                """).all().compactMap { row -> PushedRef? in
                guard let ref = row.string("ref"), let old = row.string("old_commit"), let new = row.string("new_commit"), let pusher = row.string("pusher"),
                      let time = row.int64("time_ms") else { return nil }
                return PushedRef(repositoryArn: repositoryArn, ref: ref, oldCommit: old, newCommit: new, pusher: pusher, time: Date(timeIntervalSince1970: Double(time) / 1000))
            }
        }
    }

    // MARK: Access tokens

    func insert(_ token: AccessTokenRecord) async throws {
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO git_tokens (id, account_id, owner_arn, token_hash, record_json)
                VALUES (\(bind: token.id), \(bind: token.account), \(bind: token.ownerArn), \(bind: token.hash), \(bind: Self.encode(token)))
                """).run()
        }
    }

    func token(hash: String) async throws -> AccessTokenRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM git_tokens WHERE token_hash = \(bind: hash)").first().flatMap(Self.decode)
        }
    }

    func tokens(ownerArn: String) async throws -> [AccessTokenRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM git_tokens WHERE owner_arn = \(bind: ownerArn)").all().compactMap(Self.decode)
        }
    }

    func update(_ token: AccessTokenRecord) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE git_tokens SET record_json = \(bind: Self.encode(token)) WHERE id = \(bind: token.id)").run()
        }
    }

    /// Revokes a token of `ownerArn`; whether there was one.
    func deleteToken(id: String, ownerArn: String) async throws -> Bool {
        try await database.transaction { db in
            let found = try await db.raw("SELECT id FROM git_tokens WHERE id = \(bind: id) AND owner_arn = \(bind: ownerArn)").first() != nil
            if found { try await db.raw("DELETE FROM git_tokens WHERE id = \(bind: id)").run() }
            return found
        }
    }

    // MARK: Owners

    /// Stores a new owner; false when its login is taken.
    func insert(_ owner: OwnerRecord) async throws -> Bool {
        try await database.transaction { db in
            let key = owner.login.lowercased()
            if try await db.raw("SELECT login_key FROM git_owners WHERE login_key = \(bind: key)").first() != nil { return false }
            try await db.raw("""
                INSERT INTO git_owners (login_key, account_id, principal_arn, record_json)
                VALUES (\(bind: key), \(bind: owner.account), \(bind: owner.principalArn), \(bind: Self.encode(owner)))
                """).run()
            return true
        }
    }

    func owner(login: String) async throws -> OwnerRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM git_owners WHERE login_key = \(bind: login.lowercased())").first().flatMap(Self.decode)
        }
    }

    func owners() async throws -> [OwnerRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM git_owners ORDER BY login_key").all().compactMap(Self.decode)
        }
    }

    func owner(principalArn: String) async throws -> OwnerRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM git_owners WHERE principal_arn = \(bind: principalArn)").first().flatMap(Self.decode)
        }
    }
}
