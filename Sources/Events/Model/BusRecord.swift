import Foundation

/// A custom event bus (the default bus of every account and region exists without a record).
struct BusRecord: Codable, Sendable {
    var account: String
    var region: String
    var name: String
    var description: String?
    var tags: [String: String]
    var created: Date
    var arn: String { "arn:aws:events:\(region):\(account):event-bus/\(name)" }

    static func defaultBus(account: String, region: String) -> BusRecord {
        BusRecord(account: account, region: region, name: "default", description: nil, tags: [:], created: Date(timeIntervalSince1970: 0))
    }
}

/// A rule on a bus: an event pattern or a schedule, its state and its targets.
struct RuleRecord: Codable, Sendable {
    var account: String
    var region: String
    var bus: String
    var name: String
    var eventPattern: String?
    var scheduleExpression: String?
    var enabled: Bool
    var description: String?
    var roleARN: String?
    var tags: [String: String]
    var targets: [TargetShape]
    var created: Date
    /// When a scheduled rule last fired.
    var lastFired: Date?

    var arn: String {
        bus == "default" ? "arn:aws:events:\(region):\(account):rule/\(name)" : "arn:aws:events:\(region):\(account):rule/\(bus)/\(name)"
    }
}

/// One event on its way to one target, kept until delivered or given up on.
struct DeliveryRecord: Codable, Sendable, Equatable {
    var id: String
    var account: String
    var region: String
    var ruleARN: String
    var targetID: String
    var targetARN: String
    var eventID: String
    /// What the target receives (the event, or what Input/InputPath/InputTransformer made of it).
    var payload: String
    var attempts: Int
    var nextAttempt: Date
    var created: Date
    var maximumRetryAttempts: Int
    var maximumEventAge: Int
    /// `pending`, `failed`, or `recorded` (a SageMaker pipeline started, kept with the execution it started).
    var status: String
    var lastError: String?
    /// What a recorded delivery started: the pipeline execution's ARN.
    var result: String? = nil
}
