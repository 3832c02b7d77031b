import Foundation
import Logging
import ServiceKit
import SlipwayCore
import Synchronization

/// Where events go: matches them against a bus's enabled rules, stores one delivery per matched target before the
/// caller is answered, and delivers them in the background with retries and backoff; fires scheduled rules.
public final class EventEngine: Sendable {
    /// A rule ready for matching.
    struct CompiledRule: Sendable {
        let record: RuleRecord
        let pattern: EventPattern?
    }

    let store: EventStore
    let clock: any WallClock
    let ids: any IDGenerator
    let logger: Logger
    private let functions = Mutex<(any FunctionInvocationPort)?>(nil)
    private let pipelines = Mutex<(calls: any ServiceCallPort, roles: any RoleAssumptionPort)?>(nil)
    private let rules = TTLCache<[CompiledRule]>(lifetime: 2)
    private let queue = Mutex<WorkQueue<DeliveryRecord>?>(nil)
    private let nextFire = Mutex<[String: Date]>([:])
    private let lastScheduleCheck = Mutex(Date.distantPast)
    /// At most this many deliveries run at once.
    static let maxInFlight = 64

    init(store: EventStore, clock: any WallClock, ids: any IDGenerator, logger: Logger) {
        self.store = store
        self.clock = clock
        self.ids = ids
        self.logger = logger
        let queue = WorkQueue<DeliveryRecord>(limit: Self.maxInFlight, id: \.id, attempts: \.attempts) { [weak self] delivery in
            await self?.attempt(delivery)
        }
        self.queue.withLock { $0 = queue }
    }

    /// Lambda, once it exists (it is composed after EventBridge).
    public func setFunctions(_ port: any FunctionInvocationPort) {
        functions.withLock { $0 = port }
    }

    /// SageMaker's operations, once the server has composed them, and the roles pipeline targets act as.
    public func setPipelineStarts(calls: any ServiceCallPort, roles: any RoleAssumptionPort) {
        pipelines.withLock { $0 = (calls, roles) }
    }

    static func cacheKey(account: String, region: String, bus: String) -> String { "\(account)|\(region)|\(bus)" }

    func forgetRules(account: String, region: String, bus: String) {
        rules.remove(Self.cacheKey(account: account, region: region, bus: bus))
    }

    func compiledRules(account: String, region: String, bus: String) async throws -> [CompiledRule] {
        try await rules.value(for: Self.cacheKey(account: account, region: region, bus: bus), now: Date()) {
            try await store.rules(account: account, region: region, bus: bus).map { record in
                CompiledRule(record: record, pattern: record.eventPattern.flatMap { try? EventPattern($0) })
            }
        }
    }

    /// The event document EventBridge delivers.
    static func envelope(id: String, detailType: String, source: String, account: String, time: Date, region: String, resources: [String], detail: JSONValue) -> JSONValue {
        .object([
            "version": .string("0"), "id": .string(id), "detail-type": .string(detailType), "source": .string(source), "account": .string(account),
            "time": .string(time.ISO8601Format()), "region": .string(region), "resources": .array(resources.map { .string($0) }), "detail": detail,
        ])
    }

    /// One delivery per target of every enabled rule on `bus` whose pattern matches `event`.
    func deliveries(for event: JSONValue, account: String, region: String, bus: String) async throws -> [DeliveryRecord] {
        let text = event.serialized()
        var result: [DeliveryRecord] = []
        for rule in try await compiledRules(account: account, region: region, bus: bus) where rule.record.enabled {
            guard let pattern = rule.pattern, pattern.matches(event) else { continue }
            result += deliveries(of: event, text: text, to: rule.record)
        }
        return result
    }

    func deliveries(of event: JSONValue, text: String, to rule: RuleRecord) -> [DeliveryRecord] {
        let now = clock.now()
        return rule.targets.map { target in
            DeliveryRecord(
                id: ids.uuid(), account: rule.account, region: rule.region, ruleARN: rule.arn, targetID: target.id, targetARN: target.arn,
                eventID: event["id"]?.stringValue ?? "",
                payload: InputShaping.payload(for: target, event: event, eventText: text, ruleARN: rule.arn, ruleName: rule.name),
                attempts: 0, nextAttempt: now, created: now, maximumRetryAttempts: target.retryPolicy?.maximumRetryAttempts ?? 185,
                maximumEventAge: target.retryPolicy?.maximumEventAgeInSeconds ?? 86_400, status: "pending", lastError: nil
            )
        }
    }

    /// Stores deliveries (durable before the caller is answered) and starts them.
    func enqueue(_ deliveries: [DeliveryRecord]) async throws {
        guard !deliveries.isEmpty else { return }
        try await store.insert(deliveries)
        for delivery in deliveries { start(delivery) }
    }

    private func start(_ delivery: DeliveryRecord) {
        queue.withLock { $0 }?.start(delivery)
    }

    /// Why a delivery failed, and whether trying again can help.
    struct DeliveryFailure: Error {
        let message: String
        let retryable: Bool
    }

    private func attempt(_ delivery: DeliveryRecord) async {
        var delivery = delivery
        delivery.attempts += 1
        do {
            let started = try await send(delivery)
            if let started {
                delivery.status = "recorded"
                delivery.result = started
                try await store.update(delivery)
            } else {
                try await store.delete(deliveryID: delivery.id)
            }
        } catch {
            let failure = error as? DeliveryFailure ?? DeliveryFailure(message: "\(error)", retryable: true)
            delivery.lastError = failure.message
            let now = clock.now()
            let age = now.timeIntervalSince(delivery.created)
            if !failure.retryable || delivery.attempts > delivery.maximumRetryAttempts || age >= Double(delivery.maximumEventAge) {
                delivery.status = "failed"
                logger.warning("event delivery failed", metadata: ["rule": "\(delivery.ruleARN)", "target": "\(delivery.targetARN)", "error": "\(failure.message)"])
            } else {
                // Exponential backoff: 1 s, 2 s, 4 s … at most a minute between attempts.
                delivery.nextAttempt = now.addingTimeInterval(min(pow(2, Double(delivery.attempts - 1)), 60))
            }
            do { try await store.update(delivery) } catch { logger.error("recording a delivery attempt failed: \(error)") }
        }
    }

    /// Delivers to the target; answers what it started when the delivery is kept as a record (a pipeline execution).
    private func send(_ delivery: DeliveryRecord) async throws -> String? {
        guard let arn = ARN(parsing: delivery.targetARN) else { throw DeliveryFailure(message: "\(delivery.targetARN) is not an ARN", retryable: false) }
        switch arn.service {
        case "lambda":
            guard let functions = functions.withLock({ $0 }) else { throw DeliveryFailure(message: "Lambda is not running", retryable: true) }
            do {
                _ = try await functions.invoke(
                    delivery.targetARN, payload: Array(delivery.payload.utf8), servicePrincipal: "events.amazonaws.com",
                    sourceARN: delivery.ruleARN, sourceAccount: delivery.account
                )
                return nil
            } catch let error as any ServiceError {
                let permanent = error.httpStatus == 403 || error.code == "ResourceNotFoundException" || error.code == "InvalidParameterValueException"
                throw DeliveryFailure(message: "\(error.code): \(error.message)", retryable: !permanent)
            }
        case "events":
            guard arn.resource.hasPrefix("event-bus/"), let event = try? JSONValue.parse(delivery.payload) else {
                throw DeliveryFailure(message: "\(delivery.targetARN) is not an event bus", retryable: false)
            }
            let bus = String(arn.resource.dropFirst("event-bus/".count))
            guard try await store.bus(account: arn.account, region: arn.region, name: bus) != nil else {
                throw DeliveryFailure(message: "ResourceNotFoundException: Event bus \(bus) does not exist.", retryable: false)
            }
            try await enqueue(try await deliveries(for: event, account: arn.account, region: arn.region, bus: bus))
            return nil
        case "sagemaker" where arn.resource.hasPrefix("pipeline/"):
            return try await startPipeline(delivery, pipeline: String(arn.resource.dropFirst("pipeline/".count)), account: arn.account)
        default:
            throw DeliveryFailure(message: "Slipway cannot deliver to \(delivery.targetARN)", retryable: false)
        }
    }

    /// Starts the target pipeline as EventBridge does: as the target's role (assumed by `events.amazonaws.com` for the
    /// rule), with the target's parameters and the delivery's id as the idempotency token, so a retried delivery
    /// never starts a second execution.
    private func startPipeline(_ delivery: DeliveryRecord, pipeline: String, account: String) async throws -> String {
        guard let (calls, roles) = pipelines.withLock({ $0 }) else { throw DeliveryFailure(message: "SageMaker is not running", retryable: true) }
        guard account == delivery.account else {
            throw DeliveryFailure(message: "Slipway starts pipelines of the rule's own account only; \(delivery.targetARN) is in another.", retryable: false)
        }
        guard !delivery.payload.hasPrefix(#"{"RoleArn":null"#), let request = try? JSONValue.parse(delivery.payload), let role = request["RoleArn"]?.stringValue else {
            throw DeliveryFailure(message: "ValidationException: a SageMaker pipeline target needs a RoleArn for EventBridge to start it.", retryable: false)
        }
        let principal: Principal
        do {
            principal = try await roles.assumeRole(
                role, by: "events.amazonaws.com", for: delivery.account, sessionName: "EventBridge",
                conditions: ["aws:SourceArn": [delivery.ruleARN], "aws:SourceAccount": [delivery.account]]
            )
        } catch {
            throw DeliveryFailure(message: "AccessDenied: EventBridge could not assume role \(role): \((error as? any ServiceError)?.message ?? "\(error)")", retryable: false)
        }
        guard let owner = AccountID(delivery.account) else { throw DeliveryFailure(message: "account \(delivery.account) is not valid", retryable: false) }
        let context = ServiceContext(
            account: owner, region: Region(delivery.region) ?? .usEast1, principal: principal, requestID: delivery.id, logger: logger, receivedAt: clock.now()
        )
        let input = JSONValue.object([
            "PipelineName": .string(pipeline), "ClientRequestToken": .string(delivery.id), "PipelineParameters": request["PipelineParameters"] ?? .array([]),
        ])
        do {
            let answer = try await calls.call(service: "sagemaker", operation: "StartPipelineExecution", input: Array(input.serialized().utf8), context: context)
            return (try? JSONValue.parse(Data(answer)))?["PipelineExecutionArn"]?.stringValue ?? ""
        } catch let error as any ServiceError {
            let permanent = error.httpStatus < 500 && !error.code.contains("Throttl")
            throw DeliveryFailure(message: "\(error.code): \(error.message)", retryable: !permanent)
        }
    }

    /// Puts an event on a bus: stored deliveries for every matched target; answers how many there are.
    @discardableResult
    func put(_ event: JSONValue, account: String, region: String, bus: String) async throws -> Int {
        let deliveries = try await deliveries(for: event, account: account, region: region, bus: bus)
        try await enqueue(deliveries)
        return deliveries.count
    }

    // MARK: Background work

    /// Delivers what is due (including what a restart left pending) and fires schedules, until cancelled.
    func run() async {
        guard let queue = queue.withLock({ $0 }) else { return }
        let store = self.store, clock = self.clock, logger = self.logger
        await queue.run(every: .seconds(1), due: { try await store.due(by: clock.now(), limit: Self.maxInFlight) }, alongside: { [weak self] in
            try await self?.fireSchedulesEverySecond()
        }, onError: { error in logger.error("event delivery loop: \(error)") })
    }

    private func fireSchedulesEverySecond() async throws {
        let due = lastScheduleCheck.withLock { last -> Bool in
            guard Date().timeIntervalSince(last) >= 1 else { return false }
            last = Date()
            return true
        }
        if due { try await fireSchedules() }
    }

    private func fireSchedules() async throws {
        let now = clock.now()
        for rule in try await store.scheduledRules() where rule.enabled {
            guard let expression = rule.scheduleExpression, let schedule = try? Schedule(expression) else { continue }
            let due = nextFire.withLock { fires -> Date? in
                if fires[rule.arn] == nil { fires[rule.arn] = schedule.next(after: now) }
                return fires[rule.arn]
            }
            guard let due, due <= now else { continue }
            nextFire.withLock { $0[rule.arn] = schedule.next(after: now) }
            let event = Self.envelope(
                id: ids.uuid(), detailType: "Scheduled Event", source: "aws.events", account: rule.account, time: due, region: rule.region,
                resources: [rule.arn], detail: .object([:])
            )
            try await enqueue(deliveries(of: event, text: event.serialized(), to: rule))
        }
    }
}

extension EventEngine: EventPublishingPort {
    public func publish(source: String, detailType: String, detail: JSONValue, resources: [String], account: String, region: String) async throws {
        let event = Self.envelope(id: ids.uuid(), detailType: detailType, source: source, account: account, time: clock.now(), region: region, resources: resources, detail: detail)
        try await put(event, account: account, region: region, bus: "default")
    }
}
