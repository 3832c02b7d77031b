import Logging
import SQLKit

extension SQLDatabase {
    /// Runs `body` between `begin` and `COMMIT` on this one connection, rolling back when it throws.
    public func runTransaction<T: Sendable>(begin: String = "BEGIN", _ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(self)
            try await raw("COMMIT").run()
            return result
        } catch {
            do { try await raw("ROLLBACK").run() } catch { logger.warning("rollback failed: \(error)") }
            throw error
        }
    }
}
