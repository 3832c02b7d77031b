import Logging
import SQLKit
import Synchronization

/// Runs write transactions on SQLite's one writer connection, committing the ones that arrive together as one
/// SQLite transaction: each body runs inside its own savepoint (so a body that throws undoes only itself), and all
/// of them return only once the shared COMMIT — one fsync for the group — is durable.
final class GroupCommitWriter: Sendable {
    /// One queued transaction: runs its body, and later learns whether the group committed.
    private struct Job: Sendable {
        /// Runs the body; false when it threw (its savepoint is then rolled back and it already has its answer).
        let run: @Sendable (any SQLDatabase) async -> Bool
        /// Delivers the outcome: nil when committed, else the error that undid the group.
        let finish: @Sendable ((any Error)?) -> Void
    }

    private struct State {
        var leading = false
        var queue: [Job] = []
    }

    private let database: DirectSQLDatabase
    /// Where groups run: the writer's own thread.
    private let executor: any TaskExecutor
    private let state = Mutex(State())
    /// Bodies per SQLite transaction at most, so one group never holds the writer for long.
    private let groupLimit = 64

    init(database: DirectSQLDatabase, executor: any TaskExecutor) {
        self.database = database
        self.executor = executor
    }

    func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let outcome = Outcome<T>()
        let job = Job(
            run: { db in
                do {
                    outcome.setValue(try await body(db))
                    return true
                } catch {
                    outcome.fail(error)
                    return false
                }
            },
            finish: { error in
                if let error { outcome.fail(error) } else { outcome.release() }
            }
        )
        let leads = state.withLock { state -> Bool in
            state.queue.append(job)
            guard !state.leading else { return false }
            state.leading = true
            return true
        }
        // Only the leader moves to the writer's thread; the others just queue, so they can join while it commits.
        if leads { await withTaskExecutorPreference(executor) { await leadOneGroup() } }
        return try await outcome.value()
    }

    /// Commits the queued bodies as one group; if more arrived meanwhile, a new task leads the next group, so no
    /// caller waits behind groups that are not its own.
    private func leadOneGroup() async {
        let group = state.withLock { state -> [Job] in
            let taken = Array(state.queue.prefix(groupLimit))
            state.queue.removeFirst(taken.count)
            return taken
        }
        await commit(group)
        let more = state.withLock { state -> Bool in
            if state.queue.isEmpty {
                state.leading = false
                return false
            }
            return true
        }
        if more { Task(executorPreference: executor) { await self.leadOneGroup() } }
    }

    private func commit(_ group: [Job]) async {
        let db = database
        do {
            // IMMEDIATE takes the write lock up front, so a reader upgrading never deadlocks with us.
            try await db.raw("BEGIN IMMEDIATE").run()
        } catch {
            for job in group { job.finish(error) }
            return
        }
        var committed: [Job] = []
        for job in group {
            do {
                try await db.raw("SAVEPOINT slipway_group").run()
            } catch {
                job.finish(error)
                continue
            }
            if await job.run(db) {
                do {
                    try await db.raw("RELEASE slipway_group").run()
                    committed.append(job)
                } catch {
                    job.finish(error)
                }
            } else {
                do {
                    try await db.raw("ROLLBACK TO slipway_group").run()
                    try await db.raw("RELEASE slipway_group").run()
                } catch {
                    // The transaction's state is unknown: undo the whole group rather than commit a partial body.
                    await rollback(db)
                    for other in committed { other.finish(error) }
                    job.finish(nil)
                    return
                }
                job.finish(nil)
            }
        }
        do {
            try await db.raw("COMMIT").run()
            for job in committed { job.finish(nil) }
        } catch {
            await rollback(db)
            for job in committed { job.finish(error) }
        }
    }

    private func rollback(_ db: DirectSQLDatabase) async {
        do { try await db.raw("ROLLBACK").run() } catch { db.logger.warning("rollback failed: \(error)") }
    }
}

/// A transaction's answer: its body's value, held back until the group commits, or an error.
private final class Outcome<T: Sendable>: Sendable {
    private struct State {
        var value: T?
        var error: (any Error)?
        var released = false
        var waiter: CheckedContinuation<T, any Error>?
    }

    private let state = Mutex(State())

    func setValue(_ value: T) { state.withLock { $0.value = value } }

    /// The body's value becomes the answer (its group committed).
    func release() {
        let (waiter, value) = state.withLock { state -> (CheckedContinuation<T, any Error>?, T?) in
            state.released = true
            defer { state.waiter = nil }
            return (state.waiter, state.value)
        }
        if let waiter, let value { waiter.resume(returning: value) }
    }

    /// The answer is an error; the first one recorded wins.
    func fail(_ error: any Error) {
        let waiter = state.withLock { state -> CheckedContinuation<T, any Error>? in
            if state.error == nil { state.error = error }
            state.released = true
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(throwing: error)
    }

    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready = state.withLock { state -> Result<T, any Error>? in
                guard state.released else {
                    state.waiter = continuation
                    return nil
                }
                if let error = state.error { return .failure(error) }
                if let value = state.value { return .success(value) }
                return .failure(CancellationError())
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
