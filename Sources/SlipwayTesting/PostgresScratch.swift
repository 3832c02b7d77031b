import Foundation
import Logging
import MetadataStorePostgres
import SQLKit

/// Empty PostgreSQL databases for tests that must not share state.
public enum PostgresScratch {
    /// Creates a new database on the cluster `base` points at and returns its URL.
    public static func freshDatabaseURL(base: String) async throws -> String {
        let name = "slipway_swift_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try await PostgresMetadataDatabase.connect(url: base, logger: Logger(label: "test"))
        do {
            // CREATE DATABASE cannot run inside a transaction; `read` runs without one on PostgreSQL.
            try await admin.read { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            try await admin.close()
        } catch {
            try? await admin.close()
            throw error
        }
        guard let slash = base.lastIndex(of: "/") else { return base }
        return String(base[..<slash]) + "/" + name
    }
}
