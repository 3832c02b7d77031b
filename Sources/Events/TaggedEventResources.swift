import ServiceKit
import SlipwayCore

/// EventBridge's `TaggedResourcesPort`: custom buses and rules with their tags; a cascade deletes a rule (its
/// targets first) or a bus as the caller.
public struct TaggedEventResources: TaggedResourcesPort {
    let service: EventsService
    let authorizer: any AuthorizationPort

    public init(module: EventsModule, authorizer: any AuthorizationPort) {
        service = module.service
        self.authorizer = authorizer
    }

    public func taggedResources(context: ServiceContext) async throws -> [TaggedResource] {
        let account = context.account.rawValue, region = context.region.name
        var resources: [TaggedResource] = []
        for bus in try await service.store.buses(account: account, region: region) {
            if bus.name != "default" { resources.append(TaggedResource(arn: bus.arn, type: "events:event-bus", tags: bus.tags)) }
            for rule in try await service.store.rules(account: account, region: region, bus: bus.name) {
                resources.append(TaggedResource(arn: rule.arn, type: "events:rule", tags: rule.tags))
            }
        }
        return resources
    }

    public func deleteTaggedResource(_ resource: TaggedResource, context: ServiceContext) async throws {
        guard let arn = ARN(parsing: resource.arn) else { throw EventsError.validation("\(resource.arn) is not an ARN") }
        if arn.resource.hasPrefix("event-bus/") {
            let _: EmptyEventsOutput = try await service.call(
                "DeleteEventBus", BusNameInput(name: String(arn.resource.dropFirst("event-bus/".count))), context: context, authorizer: authorizer
            )
            return
        }
        let parts = arn.resource.dropFirst("rule/".count).split(separator: "/").map(String.init)
        let bus = parts.count == 2 ? parts[0] : "default", name = parts.last ?? ""
        let listed: ListTargetsOutput = try await service.call(
            "ListTargetsByRule", ListTargetsInput(rule: name, eventBusName: bus, nextToken: nil, limit: 100), context: context, authorizer: authorizer
        )
        if !listed.targets.isEmpty {
            let _: TargetsResultOutput = try await service.call(
                "RemoveTargets", RemoveTargetsInput(rule: name, eventBusName: bus, ids: listed.targets.map(\.id), force: nil), context: context, authorizer: authorizer
            )
        }
        let _: EmptyEventsOutput = try await service.call("DeleteRule", RuleNameInput(name: name, eventBusName: bus, force: nil), context: context, authorizer: authorizer)
    }
}
