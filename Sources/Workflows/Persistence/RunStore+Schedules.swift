import Foundation
import SQLKit

extension RunStore {
    /// Replaces a repository's schedules with those of its default branch's workflows.
    func replaceSchedules(repositoryArn: String, with schedules: [ScheduleRecord]) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM workflows_schedules WHERE repository_arn = \(bind: repositoryArn)").run()
            for schedule in schedules {
                try await db.raw("""
                    INSERT INTO workflows_schedules (repository_arn, workflow_path, record_json)
                    VALUES (\(bind: repositoryArn), \(bind: schedule.workflowPath), \(bind: Self.encode(schedule)))
                    """).run()
            }
        }
    }

    func schedules() async throws -> [ScheduleRecord] {
        try await database.read { db in
            try await db.raw("SELECT record_json FROM workflows_schedules").all().compactMap(Self.decode)
        }
    }

    /// Records that a schedule fired for the minute `at`; false when some server already did (it alone starts the run).
    func recordFire(repositoryArn: String, workflowPath: String, at: Date) async throws -> Bool {
        try await database.transaction { db in
            let fired = try await db.raw("""
                SELECT fire_ms FROM workflows_schedule_fires WHERE repository_arn = \(bind: repositoryArn) AND workflow_path = \(bind: workflowPath)
                AND fire_ms = \(bind: Self.ms(at))
                """).first() != nil
            if fired { return false }
            try await db.raw("""
                INSERT INTO workflows_schedule_fires (repository_arn, workflow_path, fire_ms) VALUES (\(bind: repositoryArn), \(bind: workflowPath), \(bind: Self.ms(at)))
                """).run()
            return true
        }
    }
}
