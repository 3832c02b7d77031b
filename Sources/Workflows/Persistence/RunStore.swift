import Foundation
import MetadataStore
import SQLKit
import SlipwayCore

/// Every read and write of the workflow runner's tables: runs and the leases that let one server at a time drive
/// a run, jobs, and log lines.
struct RunStore: Sendable {
    let database: any MetadataDatabase

    static func encode(_ record: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return (try? encoder.encode(record)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode<Record: Decodable>(_ row: any SQLRow) -> Record? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return row.string("record_json").flatMap { try? decoder.decode(Record.self, from: Data($0.utf8)) }
    }

    static func ms(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) }

    // MARK: Runs

    /// Stores a new run (its number the next of its workflow's) leased to `owner`; returns it with its id.
    func insert(_ run: WorkflowRunRecord, owner: String?, leaseUntil: Date?) async throws -> WorkflowRunRecord {
        try await database.transaction { db in
            var run = run
            let count = try await db.raw("""
                SELECT COUNT(*) AS n FROM workflows_runs WHERE repository_arn = \(bind: run.repositoryArn) AND workflow_path = \(bind: run.workflowPath)
                """).first()?.int("n") ?? 0
            run.runNumber = count + 1
            guard let id = try await db.raw("""
                INSERT INTO workflows_runs (repository_arn, workflow_path, status, record_json, created_ms, lease_owner, lease_until_ms)
                VALUES (\(bind: run.repositoryArn), \(bind: run.workflowPath), \(bind: run.status), '{}', \(bind: Self.ms(run.created)), \(bind: owner),
                    \(bind: leaseUntil.map(Self.ms)))
                RETURNING id
                """).first()?.int("id") else { throw WorkflowStoreError(description: "the new run got no id") }
            run.id = id
            try await db.raw("UPDATE workflows_runs SET record_json = \(bind: Self.encode(run)) WHERE id = \(bind: id)").run()
            return run
        }
    }

    func run(_ id: Int) async throws -> WorkflowRunRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM workflows_runs WHERE id = \(bind: id)").first().flatMap(Self.decode)
        }
    }

    /// A repository's runs, newest first.
    func runs(repositoryArn: String) async throws -> [WorkflowRunRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM workflows_runs WHERE repository_arn = \(bind: repositoryArn) ORDER BY id DESC")
                .all().compactMap(Self.decode)
        }
    }

    /// Saves a run's progress; a completed run gives its lease up.
    func save(_ run: WorkflowRunRecord) async throws {
        try await database.transaction { db in
            if run.isCompleted {
                try await db.raw("""
                    UPDATE workflows_runs SET status = \(bind: run.status), record_json = \(bind: Self.encode(run)), lease_owner = NULL, lease_until_ms = NULL
                    WHERE id = \(bind: run.id)
                    """).run()
            } else {
                try await db.raw("UPDATE workflows_runs SET status = \(bind: run.status), record_json = \(bind: Self.encode(run)) WHERE id = \(bind: run.id)").run()
            }
        }
    }

    /// Changes a stored run under its row's lock: `change` sees the latest record; returns what was saved.
    func update(_ id: Int, _ change: @escaping @Sendable (inout WorkflowRunRecord) -> Void) async throws -> WorkflowRunRecord? {
        // PostgreSQL locks the row read until the transaction ends; SQLite's write transactions are serialized already.
        let lock = database.kind == .postgres ? " FOR UPDATE" : ""
        return try await database.transaction { db in
            guard var run: WorkflowRunRecord = try await db.raw("SELECT record_json FROM workflows_runs WHERE id = \(bind: id)\(unsafeRaw: lock)").first()
                .flatMap(Self.decode)
            else { return nil }
            change(&run)
            if run.isCompleted {
                try await db.raw("""
                    UPDATE workflows_runs SET status = \(bind: run.status), record_json = \(bind: Self.encode(run)), lease_owner = NULL, lease_until_ms = NULL
                    WHERE id = \(bind: id)
                    """).run()
            } else {
                try await db.raw("UPDATE workflows_runs SET status = \(bind: run.status), record_json = \(bind: Self.encode(run)) WHERE id = \(bind: id)").run()
            }
            return run
        }
    }

    /// Takes a run's lease for `owner` when it is free, expired or already `owner`'s; whether it did.
    func claim(_ id: Int, owner: String, now: Date, until: Date) async throws -> Bool {
        try await database.transaction { db in
            let free = try await db.raw("""
                SELECT id FROM workflows_runs WHERE id = \(bind: id) AND status <> 'completed'
                AND (lease_owner IS NULL OR lease_owner = \(bind: owner) OR lease_until_ms IS NULL OR lease_until_ms < \(bind: Self.ms(now)))
                """).first() != nil
            guard free else { return false }
            try await db.raw("UPDATE workflows_runs SET lease_owner = \(bind: owner), lease_until_ms = \(bind: Self.ms(until)) WHERE id = \(bind: id)").run()
            return true
        }
    }

    /// Extends `owner`'s lease; false when another server took the run.
    func renew(_ id: Int, owner: String, until: Date) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.raw("SELECT id FROM workflows_runs WHERE id = \(bind: id) AND lease_owner = \(bind: owner)").first() != nil else { return false }
            try await db.raw("UPDATE workflows_runs SET lease_until_ms = \(bind: Self.ms(until)) WHERE id = \(bind: id) AND lease_owner = \(bind: owner)").run()
            return true
        }
    }

    /// Gives `owner`'s lease up (a run waiting for a reviewer holds none).
    func release(_ id: Int, owner: String) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE workflows_runs SET lease_owner = NULL, lease_until_ms = NULL WHERE id = \(bind: id) AND lease_owner = \(bind: owner)").run()
        }
    }

    /// Runs to drive: queued or in progress with a free or expired lease (their server stopped).
    func unattended(now: Date) async throws -> [WorkflowRunRecord] {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM workflows_runs WHERE status IN ('queued', 'in_progress')
                AND (lease_owner IS NULL OR lease_until_ms IS NULL OR lease_until_ms < \(bind: Self.ms(now))) ORDER BY id
                """).all().compactMap(Self.decode)
        }
    }

    // MARK: Jobs

    /// Stores a new job; returns it with its id.
    func insert(_ job: WorkflowJobRecord) async throws -> WorkflowJobRecord {
        try await database.transaction { db in
            var job = job
            guard let id = try await db.raw("""
                INSERT INTO workflows_jobs (run_id, record_json) VALUES (\(bind: job.runID), '{}') RETURNING id
                """).first()?.int("id") else { throw WorkflowStoreError(description: "the new job got no id") }
            job.id = id
            try await db.raw("UPDATE workflows_jobs SET record_json = \(bind: Self.encode(job)) WHERE id = \(bind: id)").run()
            return job
        }
    }

    func save(_ job: WorkflowJobRecord) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE workflows_jobs SET record_json = \(bind: Self.encode(job)) WHERE id = \(bind: job.id)").run()
        }
    }

    func job(_ id: Int) async throws -> WorkflowJobRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM workflows_jobs WHERE id = \(bind: id)").first().flatMap(Self.decode)
        }
    }

    /// A run's jobs in the order they were made: of one attempt, or of every attempt.
    func jobs(runID: Int, attempt: Int? = nil) async throws -> [WorkflowJobRecord] {
        let all: [WorkflowJobRecord] = try await database.read { db in
            try await db.raw("SELECT record_json FROM workflows_jobs WHERE run_id = \(bind: runID) ORDER BY id").all().compactMap(Self.decode)
        }
        return attempt.map { attempt in all.filter { $0.attempt == attempt } } ?? all
    }

    // MARK: Logs

    /// Appends numbered lines to a job's log.
    func appendLog(jobID: Int, lines: [(number: Int, text: String)]) async throws {
        guard !lines.isEmpty else { return }
        try await database.insertRows(
            into: "workflows_log_lines", columns: ["job_id", "line_no", "line"],
            // A step may print a NUL byte, which PostgreSQL cannot store: it is kept as U+FFFD.
            rows: lines.map { [MetadataValue.integer(Int64(jobID)), MetadataValue.integer(Int64($0.number)), MetadataValue.text($0.text.storableText)] }
        )
    }

    /// A job's log lines after line `after`, in order.
    func log(jobID: Int, after: Int = 0, limit: Int = 100_000) async throws -> [(number: Int, text: String)] {
        try await database.read { db in
            try await db.raw("""
                SELECT line_no, line FROM workflows_log_lines WHERE job_id = \(bind: jobID) AND line_no > \(bind: after) ORDER BY line_no LIMIT \(bind: limit)
                """).all().compactMap { row in row.int("line_no").map { ($0, row.string("line") ?? "") } }
        }
    }
}

/// The store could not do what was asked (a database that gave no id).
struct WorkflowStoreError: Error, CustomStringConvertible {
    let description: String
}
