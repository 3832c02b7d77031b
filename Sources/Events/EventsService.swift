import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// EventBridge (JSON 1.1, `AWSEvents.*`): the default bus and custom buses, rules with event patterns or schedules,
/// their targets, `PutEvents`, `TestEventPattern` and tags. Matched events are delivered by the `EventEngine`.
public struct EventsService: AWSService {
    public let serviceName = "events"
    public let signingName = "events"
    public let wireProtocol = WireProtocol.json(version: "1.1", targetPrefix: "AWSEvents")
    let store: EventStore
    let engine: EventEngine
    public let clock: any WallClock
    /// Finds the roles rules and targets are given, for `iam:PassRole`.
    let roles: any RoleAssumptionPort

    /// The fields every event carries; `TestEventPattern` refuses an event without them.
    static let requiredEventFields = ["id", "account", "source", "time", "region", "resources", "detail-type"]

    public var operations: [ServiceOperation] {
        busOperations + ruleOperations + targetOperations + putEventsOperations + tagOperations + [
            ServiceOperation("TestEventPattern", input: TestEventPatternInput.self, access: { _, context in
                AccessRequest(action: "events:TestEventPattern", resource: "*", resourceAccount: context.account.rawValue)
            }, handler: { input, _ in
                let pattern = try Self.pattern(input.eventPattern)
                guard let event = try? JSONValue.parse(input.event), case .object(let fields) = event,
                      Self.requiredEventFields.allSatisfy({ fields[$0] != nil }), fields["resources"]?.arrayValue != nil
                else {
                    throw EventsError.validation("Parameter Event is not valid: an event is a JSON object with \(Self.requiredEventFields.joined(separator: ", "))")
                }
                return TestEventPatternOutput(result: pattern.matches(event))
            }),
        ]
    }

    static func pattern(_ text: String) throws -> EventPattern {
        do {
            return try EventPattern(text)
        } catch let error as EventPatternError {
            throw EventsError.invalidPattern(error.message)
        }
    }

    /// The bus a request names (a name or an ARN; the default bus when absent).
    static func busName(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "default" }
        if text.hasPrefix("arn:"), let range = text.range(of: ":event-bus/") { return String(text[range.upperBound...]) }
        return text
    }

    func busARN(_ name: String, _ context: ServiceContext) -> String {
        "arn:aws:events:\(context.region.name):\(context.account):event-bus/\(name)"
    }

    func ruleARN(_ name: String, bus: String, _ context: ServiceContext) -> String {
        bus == "default" ? "arn:aws:events:\(context.region.name):\(context.account):rule/\(name)"
            : "arn:aws:events:\(context.region.name):\(context.account):rule/\(bus)/\(name)"
    }

    func requireBus(_ name: String, _ context: ServiceContext) async throws -> BusRecord {
        guard let bus = try await store.bus(account: context.account.rawValue, region: context.region.name, name: name) else {
            throw EventsError.notFound("Event bus \(name) does not exist.")
        }
        return bus
    }

    func requireRule(_ name: String, bus: String, _ context: ServiceContext) async throws -> RuleRecord {
        guard let rule = try await store.rule(account: context.account.rawValue, region: context.region.name, bus: bus, name: name) else {
            throw EventsError.notFound("Rule \(name) does not exist on EventBus \(bus).")
        }
        return rule
    }

    /// `events:<action>` on `resource`, with the tags the request attaches or removes, the tags the bus or rule
    /// already carries (`aws:ResourceTag/*`) and, for rules, `events:creatorAccount`.
    func request(
        _ action: String, _ resource: String, _ context: ServiceContext, tags: [TagShape]? = nil, removing keys: [String]? = nil
    ) async throws -> AccessRequest {
        var request = AccessRequest(action: "events:\(action)", resource: resource, resourceAccount: context.account.rawValue)
        if tags != nil || keys != nil { request = request.requestingTags((tags ?? []).map { ($0.key, $0.value) }, keys: keys) }
        guard resource != "*" else { return request }
        var existing: [String: String] = [:]
        try? await changeTags(resource, context, save: false) { existing = $0 }
        request = request.onResourceTagged(existing.map { ($0.key, $0.value) })
        // Rules are made in the caller's own account: it is their creator.
        if ARN(parsing: resource)?.resource.hasPrefix("rule/") == true { request.conditions["events:creatorAccount"] = [context.account.rawValue] }
        return request
    }

    /// One page of a listing with EventBridge's `NextToken` and `Limit` (at most 100).
    static func page<Item>(_ all: [Item], token: String?, limit: Int?) throws -> OffsetPage<Item> {
        guard let page = OffsetPage(all, after: token, limit: min(max(limit ?? 100, 1), 100)) else {
            throw EventsError.validation("The NextToken is not valid.")
        }
        return page
    }

    static func checkName(_ name: String, member: String, pattern: String = #"^[\.\-_A-Za-z0-9]+$"#, max: Int = 64) throws {
        guard (1...max).contains(name.count), name.range(of: pattern, options: .regularExpression) != nil else {
            throw EventsError.validation(
                "1 validation error detected: Value '\(name)' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: \(pattern.dropFirst().dropLast()) and have length at most \(max)"
            )
        }
    }

    static func tagMap(_ tags: [TagShape]?, context: ServiceContext) throws -> [String: String] {
        var map: [String: String] = [:]
        for tag in tags ?? [] {
            guard (1...128).contains(tag.key.count), tag.value.count <= 256 else { throw EventsError.validation("Tag keys must be 1 to 128 characters and values at most 256.") }
            if tag.key.lowercased().hasPrefix("aws:"), !(context.systemTagPrefix.map { tag.key.hasPrefix($0) } ?? false) {
                throw EventsError.validation("Tag keys beginning with 'aws:' are reserved.")
            }
            map[tag.key] = tag.value
        }
        guard map.count <= 50 else { throw EventsError.limit("A resource can have at most 50 tags.") }
        return map
    }

    static func tagShapes(_ tags: [String: String]) -> [TagShape] {
        tags.sorted { $0.key < $1.key }.map { TagShape(key: $0.key, value: $0.value) }
    }
}

struct TestEventPatternInput: Codable, Sendable {
    var eventPattern: String
    var event: String
    enum CodingKeys: String, CodingKey { case eventPattern = "EventPattern", event = "Event" }
}

struct TestEventPatternOutput: Codable, Sendable {
    var result: Bool
    enum CodingKeys: String, CodingKey { case result = "Result" }
}
