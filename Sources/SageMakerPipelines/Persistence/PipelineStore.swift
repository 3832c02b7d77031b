import Foundation
import MetadataStore
import SQLKit

/// The pipelines room's tables: pipelines, executions with their leases and stop requests, and the step cache.
struct PipelineStore: Sendable {
    let database: any MetadataDatabase

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ row: any SQLRow, column: String = "record_json") -> T? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return row.string(column).flatMap { try? decoder.decode(T.self, from: Data($0.utf8)) }
    }

    static func ms(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) }

    // MARK: Pipelines

    /// Stores a new pipeline; false when the name is taken.
    func insert(_ pipeline: PipelineRecord) async throws -> Bool {
        try await database.transaction { db in
            let taken = try await db.raw("""
                SELECT arn FROM sagemaker_pipelines WHERE account_id = \(bind: pipeline.account) AND region = \(bind: pipeline.region)
                AND name_key = \(bind: pipeline.name.lowercased())
                """).first() != nil
            if taken { return false }
            try await db.raw("""
                INSERT INTO sagemaker_pipelines (arn, account_id, region, name_key, record_json, created_ms)
                VALUES (\(bind: pipeline.arn), \(bind: pipeline.account), \(bind: pipeline.region), \(bind: pipeline.name.lowercased()),
                    \(bind: Self.encode(pipeline)), \(bind: Self.ms(pipeline.created)))
                """).run()
            return true
        }
    }

    func save(_ pipeline: PipelineRecord) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE sagemaker_pipelines SET record_json = \(bind: Self.encode(pipeline)) WHERE arn = \(bind: pipeline.arn)").run()
        }
    }

    func pipeline(account: String, region: String, name: String) async throws -> PipelineRecord? {
        try await database.read { db in
            try await db.raw("""
                SELECT record_json FROM sagemaker_pipelines WHERE account_id = \(bind: account) AND region = \(bind: region)
                AND name_key = \(bind: name.lowercased())
                """).first().flatMap { Self.decode(PipelineRecord.self, $0) }
        }
    }

    func pipelines(account: String, region: String) async throws -> [PipelineRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM sagemaker_pipelines WHERE account_id = \(bind: account) AND region = \(bind: region)")
                .all().compactMap { Self.decode(PipelineRecord.self, $0) }
        }
    }

    /// Deletes a pipeline and its finished executions; false when one still runs.
    func delete(_ arn: String) async throws -> Bool {
        try await database.transaction { db in
            let running = try await db.raw("""
                SELECT arn FROM sagemaker_pipeline_executions WHERE pipeline_arn = \(bind: arn) AND status IN ('Executing', 'Stopping')
                """).first() != nil
            if running { return false }
            try await db.raw("DELETE FROM sagemaker_pipeline_executions WHERE pipeline_arn = \(bind: arn)").run()
            try await db.raw("DELETE FROM sagemaker_pipeline_step_cache WHERE pipeline_arn = \(bind: arn)").run()
            try await db.raw("DELETE FROM sagemaker_pipelines WHERE arn = \(bind: arn)").run()
            return true
        }
    }

    // MARK: Executions

    /// Stores a new execution leased to `owner` and marks the pipeline's last run; when `token` already started an
    /// execution of this pipeline, that one is answered instead.
    func insert(_ execution: ExecutionRecord, owner: String, leaseUntil: Date) async throws -> ExecutionRecord {
        try await database.transaction { db in
            if let token = execution.clientToken, let existing = try await db.raw("""
                SELECT record_json FROM sagemaker_pipeline_executions WHERE pipeline_arn = \(bind: execution.pipelineArn) AND client_token = \(bind: token)
                """).first().flatMap({ Self.decode(ExecutionRecord.self, $0) }) {
                return existing
            }
            try await db.raw("""
                INSERT INTO sagemaker_pipeline_executions (arn, pipeline_arn, status, client_token, record_json, created_ms, lease_owner, lease_until_ms)
                VALUES (\(bind: execution.arn), \(bind: execution.pipelineArn), \(bind: execution.status), \(bind: execution.clientToken),
                    \(bind: Self.encode(execution)), \(bind: Self.ms(execution.created)), \(bind: owner), \(bind: Self.ms(leaseUntil)))
                """).run()
            if var pipeline = try await db.raw("SELECT record_json FROM sagemaker_pipelines WHERE arn = \(bind: execution.pipelineArn)")
                .first().flatMap({ Self.decode(PipelineRecord.self, $0) }) {
                pipeline.lastRun = execution.created
                try await db.raw("UPDATE sagemaker_pipelines SET record_json = \(bind: Self.encode(pipeline)) WHERE arn = \(bind: pipeline.arn)").run()
            }
            return execution
        }
    }

    func execution(_ arn: String) async throws -> ExecutionRecord? {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM sagemaker_pipeline_executions WHERE arn = \(bind: arn)")
                .first().flatMap { Self.decode(ExecutionRecord.self, $0) }
        }
    }

    func executions(pipeline arn: String) async throws -> [ExecutionRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM sagemaker_pipeline_executions WHERE pipeline_arn = \(bind: arn) ORDER BY created_ms")
                .all().compactMap { Self.decode(ExecutionRecord.self, $0) }
        }
    }

    /// Saves an execution's progress as its lease holder; a finished execution gives its lease and stop request up.
    func save(_ execution: ExecutionRecord) async throws {
        try await database.transaction { db in
            if execution.isTerminal {
                try await db.raw("""
                    UPDATE sagemaker_pipeline_executions SET status = \(bind: execution.status), record_json = \(bind: Self.encode(execution)),
                    lease_owner = NULL, lease_until_ms = NULL, stop_requested = 0 WHERE arn = \(bind: execution.arn)
                    """).run()
            } else {
                try await db.raw("""
                    UPDATE sagemaker_pipeline_executions SET status = \(bind: execution.status), record_json = \(bind: Self.encode(execution))
                    WHERE arn = \(bind: execution.arn)
                    """).run()
            }
        }
    }

    /// Asks the execution's driver to stop it; false when it is not running.
    func requestStop(_ arn: String) async throws -> Bool {
        try await database.transaction { db in
            let running = try await db.raw("""
                SELECT arn FROM sagemaker_pipeline_executions WHERE arn = \(bind: arn) AND status IN ('Executing', 'Stopping')
                """).first() != nil
            if running { try await db.raw("UPDATE sagemaker_pipeline_executions SET stop_requested = 1 WHERE arn = \(bind: arn)").run() }
            return running
        }
    }

    func stopRequested(_ arn: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("SELECT stop_requested FROM sagemaker_pipeline_executions WHERE arn = \(bind: arn)").first()?.int("stop_requested") == 1
        }
    }

    /// Leases a finished execution to `owner` again (a retry), when it is still finished; returns it.
    func reopen(_ arn: String, as execution: ExecutionRecord, owner: String, until: Date) async throws -> Bool {
        try await database.transaction { db in
            let finished = try await db.raw("""
                SELECT arn FROM sagemaker_pipeline_executions WHERE arn = \(bind: arn) AND status IN ('Failed', 'Stopped')
                """).first() != nil
            guard finished else { return false }
            try await db.raw("""
                UPDATE sagemaker_pipeline_executions SET status = \(bind: execution.status), record_json = \(bind: Self.encode(execution)),
                lease_owner = \(bind: owner), lease_until_ms = \(bind: Self.ms(until)), stop_requested = 0 WHERE arn = \(bind: arn)
                """).run()
            return true
        }
    }

    func renew(_ arn: String, owner: String, until: Date) async throws {
        try await database.transaction { db in
            try await db.raw("""
                UPDATE sagemaker_pipeline_executions SET lease_until_ms = \(bind: Self.ms(until)) WHERE arn = \(bind: arn) AND lease_owner = \(bind: owner)
                """).run()
        }
    }

    /// Takes over running executions whose lease ran out (their server stopped), for `owner`.
    func claimAbandoned(owner: String, now: Date, until: Date) async throws -> [ExecutionRecord] {
        try await database.transaction { db in
            let rows = try await db.raw("""
                SELECT record_json FROM sagemaker_pipeline_executions WHERE status IN ('Executing', 'Stopping')
                AND (lease_until_ms IS NULL OR lease_until_ms < \(bind: Self.ms(now)))
                """).all().compactMap { Self.decode(ExecutionRecord.self, $0) }
            for record in rows {
                try await db.raw("""
                    UPDATE sagemaker_pipeline_executions SET lease_owner = \(bind: owner), lease_until_ms = \(bind: Self.ms(until)) WHERE arn = \(bind: record.arn)
                    """).run()
            }
            return rows
        }
    }

    func othersRunning(owner: String) async throws -> Bool {
        try await database.read { db in
            try await db.raw("""
                SELECT arn FROM sagemaker_pipeline_executions WHERE status IN ('Executing', 'Stopping') AND lease_owner <> \(bind: owner)
                """).first() != nil
        }
    }

    // MARK: Step cache

    /// A step that succeeded with the same resolved arguments in this pipeline since `since`.
    func cached(pipeline: String, step: String, hash: String, since: Date) async throws -> (execution: String, step: StepRecord)? {
        try await database.read { db in
            guard let row = try await db.raw("""
                SELECT execution_arn, step_json FROM sagemaker_pipeline_step_cache WHERE pipeline_arn = \(bind: pipeline) AND step_name = \(bind: step)
                AND arguments_hash = \(bind: hash) AND succeeded_ms >= \(bind: Self.ms(since)) ORDER BY succeeded_ms DESC
                """).first(), let execution = row.string("execution_arn"), let record = Self.decode(StepRecord.self, row, column: "step_json")
            else { return nil }
            return (execution, record)
        }
    }

    func remember(pipeline: String, execution: String, step: StepRecord, at now: Date) async throws {
        guard let hash = step.argumentsHash else { return }
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO sagemaker_pipeline_step_cache (pipeline_arn, step_name, arguments_hash, execution_arn, step_json, succeeded_ms)
                VALUES (\(bind: pipeline), \(bind: step.name), \(bind: hash), \(bind: execution), \(bind: Self.encode(step)), \(bind: Self.ms(now)))
                """).run()
        }
    }
}
