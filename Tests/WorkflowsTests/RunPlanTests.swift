import Foundation
import Git
import Logging
import MetadataStore
import MetadataStoreSQLite
import SlipwayCore
import Synchronization
import Testing
@testable import Workflows

/// The run's state machine alone: which jobs are made, skipped, queued, held for a reviewer or started, as earlier
/// jobs end — against a real store, with no job run.
@Suite struct RunPlanTests {
    let repository = HostedRepository(
        arn: "arn:aws:codecommit:us-east-1:111111111111:demo", account: "111111111111", region: "us-east-1", name: "demo", ownerLogin: "111111111111", id: "r1"
    )

    struct Fixture {
        let store: RunStore
        let settings: RepositorySettings
        let database: any MetadataDatabase
        let path: String
    }

    func fixture() async throws -> Fixture {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("slipway-runplan-\(UUID().uuidString).sqlite").path
        let database = try await SQLiteMetadataDatabase.open(path: path, logger: Logger(label: "test"))
        try await Migrator(database: database).migrate(WorkflowMigrations.all)
        let settings = RepositorySettings(store: SettingsStore(database: database), sealer: SecretSealer(keyBytes: Array(repeating: 3, count: 32)), clock: SystemWallClock())
        return Fixture(store: RunStore(database: database), settings: settings, database: database, path: path)
    }

    func plan(_ yaml: String, _ fixture: Fixture) async throws -> (RunPlan, WorkflowRunRecord) {
        let workflow = try WorkflowParser.parse(yaml, path: ".github/workflows/w.yml")
        let now = Date()
        let run = try await fixture.store.insert(WorkflowRunRecord(
            id: 0, repositoryArn: repository.arn, repositoryID: repository.id, account: repository.account, region: repository.region, ownerLogin: "o",
            repositoryName: "demo", repositoryNumber: 1, ownerNumber: 2, workflowPath: workflow.path, workflowName: workflow.displayName, workflowID: 3,
            runNumber: 0, attempt: 1, event: "push", ref: "refs/heads/main", headSha: String(repeating: "a", count: 40), payloadJSON: "{}", actorLogin: "o",
            actorArn: "arn:aws:iam::111111111111:root", status: "in_progress", created: now, updated: now, workflowText: yaml
        ), owner: nil, leaseUntil: nil)
        return (RunPlan(workflow: workflow, run: run, repository: repository, settings: fixture.settings, variables: [:], event: .object([:]), inputs: .object([:])), run)
    }

    /// Marks jobs ended as `conclusion`.
    func finish(_ jobs: [WorkflowJobRecord], _ conclusion: String, _ store: RunStore, outputs: [String: String] = [:]) async throws {
        for var job in jobs {
            job.status = "completed"
            job.conclusion = conclusion
            job.outputs = outputs
            try await store.save(job)
        }
    }

    @Test func jobsFollowTheirNeedsAndASkippedJobsDependantsAreSkippedInTheSamePass() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.path) }
        let (plan, run) = try await plan("""
            on: push
            jobs:
              report:
                needs: gate
                runs-on: x
                steps: [{run: echo}]
              build:
                runs-on: x
                steps: [{run: echo}]
              gate:
                needs: build
                if: github.event_name == 'schedule'
                runs-on: x
                steps: [{run: echo}]
              always:
                needs: build
                if: always()
                runs-on: x
                steps: [{run: echo}]
            """, fixture)
        let first = try await plan.next(jobs: [], cancelled: false, store: fixture.store, clock: SystemWallClock())
        #expect(first.map(\.0.key) == ["build"])
        try await finish(first.map(\.0), "failure", fixture.store)
        let second = try await plan.next(jobs: try await fixture.store.jobs(runID: run.id), cancelled: false, store: fixture.store, clock: SystemWallClock())
        #expect(second.map(\.0.key) == ["always"])
        let jobs = Dictionary(uniqueKeysWithValues: try await fixture.store.jobs(runID: run.id).map { ($0.key, $0) })
        #expect(jobs["gate"]?.conclusion == "skipped" && jobs["report"]?.conclusion == "skipped")
        #expect(second.first?.1.needs["build"]?["result"] == .string("failure"))
        try await fixture.database.close()
    }

    @Test func aMatrixMakesOneJobPerCombinationAndStartsNoMoreThanMaxParallel() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.path) }
        let (plan, run) = try await plan("""
            on: push
            jobs:
              test:
                runs-on: x
                strategy:
                  max-parallel: 2
                  matrix:
                    python: ['3.10', '3.11']
                    os: [linux]
                    include: [{python: '3.12', os: linux, extra: yes}]
                steps: [{run: echo}]
            """, fixture)
        let ready = try await plan.next(jobs: [], cancelled: false, store: fixture.store, clock: SystemWallClock())
        let all = try await fixture.store.jobs(runID: run.id)
        #expect(all.map(\.name) == ["test (3.10, linux)", "test (3.11, linux)", "test (3.12, linux, yes)"])
        #expect(ready.count == 2)
        #expect(ready[1].1.strategy["job-index"] == .number(1) && ready[1].1.strategy["job-total"] == .number(3))
        #expect(ready[0].1.matrix?["python"] == .string("3.10"))
        var started = ready.map(\.0)
        for index in started.indices { started[index].status = "in_progress"; try await fixture.store.save(started[index]) }
        #expect(try await plan.next(jobs: try await fixture.store.jobs(runID: run.id), cancelled: false, store: fixture.store, clock: SystemWallClock()).isEmpty)
        try await finish([started[0]], "success", fixture.store)
        let next = try await plan.next(jobs: try await fixture.store.jobs(runID: run.id), cancelled: false, store: fixture.store, clock: SystemWallClock())
        #expect(next.map(\.0.name) == ["test (3.12, linux, yes)"])
        try await fixture.database.close()
    }

    @Test func aJobConcurrencyGroupRunsOneJobAtATimeAndTheNewestPendingOneSupersedesAnOlder() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.path) }
        let yaml = """
            on: push
            jobs:
              deploy:
                runs-on: x
                strategy:
                  matrix:
                    stage: [one, two]
                concurrency: deploy-${{ github.ref_name }}
                steps: [{run: echo}]
            """
        let (firstPlan, run) = try await plan(yaml, fixture)
        let ready = try await firstPlan.next(jobs: [], cancelled: false, store: fixture.store, clock: SystemWallClock())
        #expect(ready.map(\.0.name) == ["deploy (one)"])
        var jobs = try await fixture.store.jobs(runID: run.id)
        #expect(jobs.map(\.status) == ["in_progress", "pending"] && jobs.allSatisfy { $0.concurrencyGroup == "deploy-main" })

        // Another run's job of the group waits too, and the older pending one is cancelled for it.
        let (otherPlan, otherRun) = try await plan(yaml, fixture)
        let woken = Mutex<[Int]>([])
        #expect(try await otherPlan.next(jobs: [], cancelled: false, store: fixture.store, clock: SystemWallClock(), wake: { run in woken.withLock { $0.append(run.id) } }).isEmpty)
        jobs = try await fixture.store.jobs(runID: run.id)
        #expect(jobs[1].status == "completed" && jobs[1].conclusion == "cancelled")
        // Only the newest waits: the other run's first combination was superseded by its second.
        let others = try await fixture.store.jobs(runID: otherRun.id)
        #expect(others.map(\.status) == ["completed", "pending"] && others[0].conclusion == "cancelled")
        #expect(woken.withLock { $0 } == [run.id, otherRun.id])

        try await finish([jobs[0]], "success", fixture.store)
        let next = try await otherPlan.next(jobs: others, cancelled: false, store: fixture.store, clock: SystemWallClock())
        #expect(next.map(\.0.name) == ["deploy (two)"] && next[0].0.runID == otherRun.id)
        try await fixture.database.close()
    }

    @Test func aJobForAnEnvironmentWithReviewersWaitsAndACancelledRunCancelsWhatIsLeft() async throws {
        let fixture = try await fixture()
        defer { try? FileManager.default.removeItem(atPath: fixture.path) }
        try await fixture.settings.store.putEnvironment(repository.arn, name: "production") { _ in
            EnvironmentRecord(
                repositoryArn: repository.arn, name: "production", id: 9, reviewers: [ReviewerRecord(type: "User", id: 1, login: "dana")], waitTimer: 0,
                created: Date(), updated: Date()
            )
        }
        let (plan, run) = try await plan("""
            on: push
            jobs:
              deploy:
                runs-on: x
                environment: production
                steps: [{run: echo}]
              other:
                runs-on: x
                environment: ${{ 'staging' }}
                steps: [{run: echo}]
            """, fixture)
        let ready = try await plan.next(jobs: [], cancelled: false, store: fixture.store, clock: SystemWallClock())
        #expect(ready.map(\.0.key) == ["other"] && ready[0].0.environment == "staging")
        let jobs = try await fixture.store.jobs(runID: run.id)
        #expect(jobs.first { $0.key == "deploy" }?.status == "waiting")
        _ = try await plan.next(jobs: jobs, cancelled: true, store: fixture.store, clock: SystemWallClock())
        #expect(try await fixture.store.jobs(runID: run.id).first { $0.key == "deploy" }?.conclusion == "cancelled")
        try await fixture.database.close()
    }

    @Test func neededResultsTakeTheWorstOfTheirMatrix() {
        func job(_ conclusion: String) -> WorkflowJobRecord {
            WorkflowJobRecord(
                id: 1, runID: 1, attempt: 1, key: "k", name: "k", matrixJSON: nil, status: "completed", conclusion: conclusion, steps: [], outputs: [:],
                created: Date(), started: nil, completed: nil, environment: nil, runnerName: nil, summary: nil, failure: nil
            )
        }
        #expect(RunPlan.result([job("success"), job("failure")]) == "failure")
        #expect(RunPlan.result([job("success"), job("cancelled")]) == "cancelled")
        #expect(RunPlan.result([job("skipped"), job("skipped")]) == "skipped")
        #expect(RunPlan.result([job("success"), job("skipped")]) == "success")
    }
}
