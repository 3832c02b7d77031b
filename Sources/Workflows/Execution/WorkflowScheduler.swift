import Foundation
import Git
import Logging
import ServiceKit
import SlipwayCore
import Synchronization

/// Starts the runs `on.schedule` asks for: each workflow's cron lines as the default branch holds them, checked
/// against the service clock every few seconds while any schedule exists; a minute that matches starts one run, made
/// by whichever server records the firing first. Minutes missed while no server ran are not made up, as on GitHub.
final class WorkflowScheduler: Sendable {
    let store: RunStore
    let starter: RunStarter
    let forge: ForgeRepositories
    let clock: any WallClock
    let logger: Logger
    /// The last moment checked; minutes after it and up to now are due.
    private let checked: Mutex<Date>
    let queue: WorkQueue<Fire>

    /// One schedule firing for one minute.
    struct Fire: Sendable {
        var schedule: ScheduleRecord
        var cron: String
        var minute: Date
    }

    init(store: RunStore, starter: RunStarter, forge: ForgeRepositories, clock: any WallClock, logger: Logger) {
        self.store = store
        self.starter = starter
        self.forge = forge
        self.clock = clock
        self.logger = logger
        checked = Mutex(clock.now())
        let box = Mutex<WorkflowScheduler?>(nil)
        queue = WorkQueue(limit: 4, id: { "\($0.schedule.repositoryArn)|\($0.schedule.workflowPath)|\($0.minute.timeIntervalSince1970)" }, attempts: { _ in 0 }, perform: { fire in
            await box.withLock { $0 }?.start(fire)
        })
        box.withLock { $0 = self }
    }

    func run() async {
        await queue.run(every: .seconds(5), due: { [weak self] in try await self?.due() ?? [] }, onError: { [logger] error in
            logger.error("workflow schedules could not be checked", metadata: ["error": .string("\(error)")])
        })
    }

    /// The latest matching minute of each schedule since the last check.
    func due() async throws -> [Fire] {
        let now = clock.now()
        let since = checked.withLock { last -> Date in
            defer { last = now }
            return last
        }
        var fires: [Fire] = []
        for schedule in try await store.schedules() {
            for cron in schedule.crons {
                guard let parsed = try? CronSchedule(cron) else { continue }
                var latest: Date?
                var cursor = since
                // Bounded: a clock moved far ahead fires once, for its latest minute.
                for _ in 0..<10_000 {
                    guard let next = parsed.next(after: cursor), next <= now else { break }
                    latest = next
                    cursor = next
                }
                if let latest { fires.append(Fire(schedule: schedule, cron: cron, minute: latest)) }
            }
        }
        return fires
    }

    func start(_ fire: Fire) async {
        do {
            guard try await store.recordFire(repositoryArn: fire.schedule.repositoryArn, workflowPath: fire.schedule.workflowPath, at: fire.minute),
                  let repository = try await forge.repository(arn: fire.schedule.repositoryArn), let branch = try await forge.defaultBranch(repository),
                  let commit = try await forge.commit(repository, "refs/heads/" + branch),
                  let file = try await starter.workflows(repository, commit: commit).first(where: { $0.path == fire.schedule.workflowPath }),
                  case .success(let definition) = file.definition
            else { return }
            let payload = RunStarter.json([
                "schedule": fire.cron,
                "repository": ["id": repository.numericID, "name": repository.name, "full_name": repository.fullName, "owner": ["login": repository.ownerLogin]],
            ])
            _ = try await starter.create(
                repository, file: file, name: definition.displayName, event: "schedule", ref: "refs/heads/" + branch, sha: commit, payload: payload,
                actor: fire.schedule.actorLogin, identity: fire.schedule.actor, failure: nil
            )
        } catch {
            logger.error("a scheduled run could not be started", metadata: ["workflow": .string(fire.schedule.workflowPath), "error": .string("\(error)")])
        }
    }
}
