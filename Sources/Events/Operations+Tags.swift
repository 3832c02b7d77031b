import Foundation
import ServiceKit
import SlipwayCore

extension EventsService {
    var tagOperations: [ServiceOperation] {
        [
            ServiceOperation("TagResource", input: TagResourceInput.self, access: { input, context in
                try await request("TagResource", input.resourceARN, context, tags: input.tags)
            }, handler: { input, context in
                let tags = try Self.tagMap(input.tags, context: context)
                try await changeTags(input.resourceARN, context) { $0.merge(tags) { _, new in new } }
                return EmptyEventsOutput()
            }),
            ServiceOperation("UntagResource", input: UntagResourceInput.self, access: { input, context in
                try await request("UntagResource", input.resourceARN, context, removing: input.tagKeys)
            }, handler: { input, context in
                try await changeTags(input.resourceARN, context) { tags in for key in input.tagKeys { tags[key] = nil } }
                return EmptyEventsOutput()
            }),
            ServiceOperation("ListTagsForResource", input: ResourceARNInput.self, access: { input, context in
                try await request("ListTagsForResource", input.resourceARN, context)
            }, handler: { input, context in
                var found: [String: String] = [:]
                try await changeTags(input.resourceARN, context, save: false) { found = $0 }
                return ListTagsOutput(tags: Self.tagShapes(found))
            }),
        ]
    }

    /// Applies `change` to the tags of the bus or rule `arn` names.
    func changeTags(_ arn: String, _ context: ServiceContext, save: Bool = true, _ change: (inout [String: String]) -> Void) async throws {
        guard let parsed = ARN(parsing: arn), parsed.service == "events" else { throw EventsError.validation("Parameter ResourceARN is not valid.") }
        if parsed.resource.hasPrefix("event-bus/") {
            let name = String(parsed.resource.dropFirst("event-bus/".count))
            guard name != "default" else {
                var none: [String: String] = [:]
                change(&none)
                if save { throw EventsError.validation("The default event bus cannot be tagged on Slipway.") }
                return
            }
            var bus = try await requireBus(name, context)
            change(&bus.tags)
            guard bus.tags.count <= 50 else { throw EventsError.limit("A resource can have at most 50 tags.") }
            if save { try await store.saveBus(bus) }
        } else if parsed.resource.hasPrefix("rule/") {
            let parts = parsed.resource.dropFirst("rule/".count).split(separator: "/").map(String.init)
            var rule = try await requireRule(parts.last ?? "", bus: parts.count == 2 ? parts[0] : "default", context)
            change(&rule.tags)
            guard rule.tags.count <= 50 else { throw EventsError.limit("A resource can have at most 50 tags.") }
            if save { try await store.saveRule(rule) }
        } else {
            throw EventsError.notFound("Resource \(arn) does not exist.")
        }
    }
}
