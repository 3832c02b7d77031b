import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `AWS::Events::Rule`: a rule with its targets, made through EventBridge's own operations as the stack's identity.
/// `Ref` is the rule's name (`bus|name` on a custom bus, as CloudFormation answers).
public struct RuleProvider: ResourceProvider {
    let events: StackCaller<EventsService>

    public init(module: EventsModule, authorizer: any AuthorizationPort, logger: Logger) {
        events = StackCaller(service: module.service, authorizer: authorizer, clock: module.service.clock, logger: logger)
    }

    static let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::Events::Rule",
            properties: ObjectShape([
                "Name": .string, "Description": .string, "EventBusName": .string, "EventPattern": .json, "ScheduleExpression": .string,
                "State": .string, "RoleArn": .string, "Targets": .list(.json), "Tags": .list(Self.tag),
            ]),
            createOnlyProperties: ["Name", "EventBusName"],
            attributes: ["Arn"]
        )
    }

    static let allowedName = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")

    func name(for request: ResourceRequest) -> String {
        request.properties["Name"]?.scalarText ?? PhysicalName.generate(for: request, lowercase: false, allowed: Self.allowedName)
    }

    static func bus(_ properties: TemplateValue) -> String { EventsService.busName(properties["EventBusName"]?.scalarText) }

    /// The pattern as EventBridge takes it: CloudFormation accepts an object or its JSON text.
    static func pattern(_ properties: TemplateValue) -> String? {
        guard let pattern = properties["EventPattern"] else { return nil }
        if case .string(let text) = pattern { return text }
        return pattern.jsonValue.serialized()
    }

    /// The targets as PutTargets takes them (numbers CloudFormation resolved as text are numbers again).
    static func targets(_ properties: TemplateValue) throws -> [TargetShape] {
        try (properties["Targets"]?.arrayValue ?? []).map { target in
            let json = target.jsonValue
            var fields = json.objectValue ?? [:]
            if case .object(var retry) = fields["RetryPolicy"] {
                for key in ["MaximumRetryAttempts", "MaximumEventAgeInSeconds"] {
                    if let text = retry[key]?.stringValue, let number = Double(text) { retry[key] = .number(number) }
                }
                fields["RetryPolicy"] = .object(retry)
            }
            do {
                return try JSONDecoder().decode(TargetShape.self, from: Data(JSONValue.object(fields).serialized().utf8))
            } catch {
                throw EventsError.validation("Target \(fields["Id"]?.stringValue ?? "?") is not valid: every target needs an Id and an Arn.")
            }
        }
    }

    static func tags(_ properties: TemplateValue, _ request: ResourceRequest) -> [TagShape] {
        request.tags(declaredIn: properties, includingSystemTags: true).map { TagShape(key: $0.key, value: $0.value) }
    }

    func put(_ request: ResourceRequest, name: String) async throws -> String {
        let properties = request.properties
        let bus = Self.bus(properties)
        let rule: PutRuleOutput = try await events.call("PutRule", PutRuleInput(
            name: name, scheduleExpression: properties["ScheduleExpression"]?.scalarText, eventPattern: Self.pattern(properties),
            state: properties["State"]?.scalarText, description: properties["Description"]?.scalarText, roleArn: properties["RoleArn"]?.scalarText,
            tags: Self.tags(properties, request), eventBusName: bus
        ), for: request)
        return rule.ruleArn
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let name = name(for: request)
        let bus = Self.bus(request.properties)
        let targets = try Self.targets(request.properties)
        let arn = try await put(request, name: name)
        if !targets.isEmpty {
            let _: TargetsResultOutput = try await events.call("PutTargets", PutTargetsInput(rule: name, eventBusName: bus, targets: targets), for: request)
        }
        return ProvisionedResource(physicalID: bus == "default" ? name : "\(bus)|\(name)", attributes: ["Arn": .string(arn)], properties: request.properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let name = String(current.physicalID.split(separator: "|").last ?? "")
        let bus = Self.bus(request.properties)
        _ = try await put(request, name: name)
        let wanted = try Self.targets(request.properties), had = try Self.targets(current.properties)
        let gone = had.map(\.id).filter { id in !wanted.contains { $0.id == id } }
        if !gone.isEmpty {
            let _: TargetsResultOutput = try await events.call("RemoveTargets", RemoveTargetsInput(rule: name, eventBusName: bus, ids: gone, force: nil), for: request)
        }
        if !wanted.isEmpty, wanted != had {
            let _: TargetsResultOutput = try await events.call("PutTargets", PutTargetsInput(rule: name, eventBusName: bus, targets: wanted), for: request)
        }
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        let name = String(resource.physicalID.split(separator: "|").last ?? "")
        let bus = Self.bus(resource.properties)
        do {
            let listed: ListTargetsOutput = try await events.call("ListTargetsByRule", ListTargetsInput(rule: name, eventBusName: bus, nextToken: nil, limit: 100), for: request)
            if !listed.targets.isEmpty {
                let _: TargetsResultOutput = try await events.call("RemoveTargets", RemoveTargetsInput(rule: name, eventBusName: bus, ids: listed.targets.map(\.id), force: nil), for: request)
            }
            let _: EmptyEventsOutput = try await events.call("DeleteRule", RuleNameInput(name: name, eventBusName: bus, force: nil), for: request)
        } catch let error as EventsError where error.code == "ResourceNotFoundException" {
            return  // the rule or its bus is gone already
        }
    }
}

/// `AWS::Events::EventBus`: a custom bus; `Ref` is its name.
public struct EventBusProvider: ResourceProvider {
    let events: StackCaller<EventsService>

    public init(module: EventsModule, authorizer: any AuthorizationPort, logger: Logger) {
        events = StackCaller(service: module.service, authorizer: authorizer, clock: module.service.clock, logger: logger)
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::Events::EventBus",
            properties: ObjectShape(["Name": .string, "Description": .string, "EventSourceName": .string, "Tags": .list(RuleProvider.tag), "Policy": .json], required: ["Name"]),
            createOnlyProperties: ["Name", "EventSourceName"],
            attributes: ["Arn", "Name"]
        )
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let name = properties["Name"]?.scalarText ?? ""
        let created: CreateEventBusOutput = try await events.call("CreateEventBus", CreateEventBusInput(
            name: name, description: properties["Description"]?.scalarText, tags: RuleProvider.tags(properties, request),
            eventSourceName: properties["EventSourceName"]?.scalarText
        ), for: request)
        return ProvisionedResource(physicalID: name, attributes: ["Arn": .string(created.eventBusArn), "Name": .string(name)], properties: properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let new = request.properties, old = current.properties
        let arn = current.attributes["Arn"]?.scalarText ?? ""
        let change = request.tagChange(from: old, includingSystemTags: true)
        if !change.removed.isEmpty {
            let _: EmptyEventsOutput = try await events.call("UntagResource", UntagResourceInput(resourceARN: arn, tagKeys: change.removed), for: request)
        }
        if let tags = change.set {
            let _: EmptyEventsOutput = try await events.call("TagResource", TagResourceInput(resourceARN: arn, tags: tags.map { TagShape(key: $0.key, value: $0.value) }), for: request)
        }
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: new)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        let _: EmptyEventsOutput = try await events.call("DeleteEventBus", BusNameInput(name: resource.physicalID), for: request)
    }
}
