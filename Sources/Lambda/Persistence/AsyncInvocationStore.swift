import Foundation
import MetadataStore
import SQLKit

/// Accepted asynchronous invocations, durable until run.
struct AsyncInvocationStore: Sendable {
    let database: any MetadataDatabase

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    func insert(_ invocation: AsyncInvocation) async throws {
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO lambda_async_invocations (invocation_id, next_attempt_ms, record_json)
                VALUES (\(bind: invocation.id), \(bind: Self.milliseconds(invocation.nextAttempt)), \(bind: FunctionStore.encode(invocation)))
                """).run()
        }
    }

    func update(_ invocation: AsyncInvocation) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE lambda_async_invocations SET next_attempt_ms = \(bind: Self.milliseconds(invocation.nextAttempt)),
                record_json = \(bind: FunctionStore.encode(invocation)) WHERE invocation_id = \(bind: invocation.id)
                """).run()
        }
    }

    func delete(_ id: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM lambda_async_invocations WHERE invocation_id = \(bind: id)").run()
        }
    }

    func due(by now: Date, limit: Int) async throws -> [AsyncInvocation] {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM lambda_async_invocations WHERE next_attempt_ms <= \(bind: Self.milliseconds(now))
                ORDER BY next_attempt_ms LIMIT \(unsafeRaw: String(limit))
                """).all().compactMap { FunctionStore.decode($0, as: AsyncInvocation.self) }
        }
    }
}
