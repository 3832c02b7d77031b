import Foundation
import MetadataStore
import SQLKit

/// Every read and write of functions, versions, aliases and their packages.
struct FunctionStore: Sendable {
    let database: any MetadataDatabase

    static func encode<T: Encodable>(_ value: T) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode<T: Decodable>(_ row: any SQLRow, as type: T.Type) -> T? {
        row.string("record_json").flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }

    /// Stores a new function (its `$LATEST`, and a first version when published) with its package.
    func insert(_ records: [FunctionRecord], zip: [UInt8]) async throws {
        try await database.transaction { db in
            guard let latest = records.first else { return }
            if try await db.raw("""
                SELECT version FROM lambda_functions WHERE account_id = \(bind: latest.account) AND region = \(bind: latest.region)
                AND function_name = \(bind: latest.name) AND version = '$LATEST'
                """).first() != nil {
                throw LambdaError.conflict("Function already exist: \(latest.name)")
            }
            try await Self.storeCode(db, sha: latest.codeSha256, zip: zip)
            for record in records { try await Self.insertRow(db, record) }
        }
    }

    static func insertRow(_ db: any SQLDatabase, _ record: FunctionRecord) async throws {
        try await db.raw("""
            INSERT INTO lambda_functions (account_id, region, function_name, version, record_json, code_sha)
            VALUES (\(bind: record.account), \(bind: record.region), \(bind: record.name), \(bind: record.version), \(bind: encode(record)), \(bind: record.codeSha256))
            """).run()
    }

    static func storeCode(_ db: any SQLDatabase, sha: String, zip: [UInt8]) async throws {
        if try await db.raw("SELECT code_sha FROM lambda_code WHERE code_sha = \(bind: sha)").first() == nil {
            try await db.raw("INSERT INTO lambda_code (code_sha, zip) VALUES (\(bind: sha), \(bind: Data(zip)))").run()
        }
    }

    /// Drops packages no version uses any more; answers their hashes.
    @discardableResult
    static func dropUnusedCode(_ db: any SQLDatabase) async throws -> [String] {
        let unused = try await db.raw("SELECT code_sha FROM lambda_code WHERE code_sha NOT IN (SELECT code_sha FROM lambda_functions)")
            .all().compactMap { $0.string("code_sha") }
        for sha in unused { try await db.raw("DELETE FROM lambda_code WHERE code_sha = \(bind: sha)").run() }
        return unused
    }

    func function(account: String, region: String, name: String, version: String = "$LATEST") async throws -> FunctionRecord? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM lambda_functions WHERE account_id = \(bind: account) AND region = \(bind: region)
                AND function_name = \(bind: name) AND version = \(bind: version)
                """).first().flatMap { Self.decode($0, as: FunctionRecord.self) }
        }
    }

    /// Every version of one function, `$LATEST` first, then by number.
    func versions(account: String, region: String, name: String) async throws -> [FunctionRecord] {
        let records = try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM lambda_functions WHERE account_id = \(bind: account) AND region = \(bind: region) AND function_name = \(bind: name)
                """).all().compactMap { Self.decode($0, as: FunctionRecord.self) }
        }
        return records.sorted { ($0.version == "$LATEST" ? -1 : Int($0.version) ?? 0) < ($1.version == "$LATEST" ? -1 : Int($1.version) ?? 0) }
    }

    /// Every function's `$LATEST` (or every version when `allVersions`), by name.
    func functions(account: String, region: String, allVersions: Bool) async throws -> [FunctionRecord] {
        let records = try await database.read { db in
            try await db.raw("SELECT record_json FROM lambda_functions WHERE account_id = \(bind: account) AND region = \(bind: region)")
                .all().compactMap { Self.decode($0, as: FunctionRecord.self) }
        }
        return records.filter { allVersions || $0.version == "$LATEST" }
            .sorted { ($0.name, Int($0.version) ?? -1) < ($1.name, Int($1.version) ?? -1) }
    }

    /// Writes changed records (and a new package) in one transaction; answers the hashes of packages no longer used.
    @discardableResult
    func save(_ records: [FunctionRecord], newCode: (sha: String, zip: [UInt8])? = nil) async throws -> [String] {
        try await database.transaction { db in
            if let newCode { try await Self.storeCode(db, sha: newCode.sha, zip: newCode.zip) }
            for record in records {
                let exists = try await db.raw("""
                    SELECT version FROM lambda_functions WHERE account_id = \(bind: record.account) AND region = \(bind: record.region)
                    AND function_name = \(bind: record.name) AND version = \(bind: record.version)
                    """).first() != nil
                guard exists else { try await Self.insertRow(db, record); continue }
                try await db.raw("""
                    UPDATE lambda_functions SET record_json = \(bind: Self.encode(record)), code_sha = \(bind: record.codeSha256)
                    WHERE account_id = \(bind: record.account) AND region = \(bind: record.region) AND function_name = \(bind: record.name)
                    AND version = \(bind: record.version)
                    """).run()
            }
            return try await Self.dropUnusedCode(db)
        }
    }

    /// Deletes one version, or the whole function with its aliases when `version` is nil; answers the hashes of
    /// packages no longer used.
    @discardableResult
    func delete(account: String, region: String, name: String, functionARN: String, version: String?) async throws -> [String] {
        try await database.transaction { db in
            if let version {
                try await db.raw("""
                    DELETE FROM lambda_functions WHERE account_id = \(bind: account) AND region = \(bind: region) AND function_name = \(bind: name)
                    AND version = \(bind: version)
                    """).run()
            } else {
                try await db.raw("""
                    DELETE FROM lambda_functions WHERE account_id = \(bind: account) AND region = \(bind: region) AND function_name = \(bind: name)
                    """).run()
                try await db.raw("DELETE FROM lambda_aliases WHERE function_arn = \(bind: functionARN)").run()
            }
            return try await Self.dropUnusedCode(db)
        }
    }

    func code(sha: String) async throws -> [UInt8]? {
        try await database.read { db in
            try await db.raw("SELECT zip FROM lambda_code WHERE code_sha = \(bind: sha)").first()?.decode(column: "zip", as: Data.self)
        }.map { Array($0) }
    }

    func alias(functionARN: String, name: String) async throws -> AliasRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM lambda_aliases WHERE function_arn = \(bind: functionARN) AND alias_name = \(bind: name)")
                .first().flatMap { Self.decode($0, as: AliasRecord.self) }
        }
    }

    func aliases(functionARN: String) async throws -> [AliasRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM lambda_aliases WHERE function_arn = \(bind: functionARN) ORDER BY alias_name")
                .all().compactMap { Self.decode($0, as: AliasRecord.self) }
        }
    }

    func saveAlias(_ alias: AliasRecord, isNew: Bool) async throws {
        try await database.transaction { db in
            if isNew {
                if try await db.raw("SELECT alias_name FROM lambda_aliases WHERE function_arn = \(bind: alias.functionARN) AND alias_name = \(bind: alias.name)").first() != nil {
                    throw LambdaError.conflict("Alias already exists: \(alias.arn)")
                }
                try await db.raw("""
                    INSERT INTO lambda_aliases (function_arn, alias_name, record_json) VALUES (\(bind: alias.functionARN), \(bind: alias.name), \(bind: Self.encode(alias)))
                    """).run()
            } else {
                try await db.raw("""
                    UPDATE lambda_aliases SET record_json = \(bind: Self.encode(alias)) WHERE function_arn = \(bind: alias.functionARN) AND alias_name = \(bind: alias.name)
                    """).run()
            }
        }
    }

    func deleteAlias(functionARN: String, name: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM lambda_aliases WHERE function_arn = \(bind: functionARN) AND alias_name = \(bind: name)").run()
        }
    }
}
