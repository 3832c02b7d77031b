import Foundation
import MetadataStore
import SQLKit
import SlipwayCore

/// The IAM module's tables: every read and write of users, roles, keys, policies and sessions.
struct IAMStore: Sendable {
    let database: any MetadataDatabase

    static func ms(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ ms: Int64?) -> Date { Date(timeIntervalSince1970: Double(ms ?? 0) / 1000) }

    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await database.transaction(body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await database.read(body)
    }
}

extension SQLRow {
    func accountID(_ column: String = "account_id") -> AccountID {
        AccountID(string(column) ?? "") ?? AccountID("000000000000")!  // stored ids were validated on insert
    }
}
