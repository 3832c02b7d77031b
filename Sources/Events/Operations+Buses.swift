import Foundation
import ServiceKit
import SlipwayCore

extension EventsService {
    var busOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateEventBus", input: CreateEventBusInput.self, access: { input, context in
                try await request("CreateEventBus", busARN(input.name, context), context, tags: input.tags)
            }, handler: { input, context in
                try Self.checkName(input.name, member: "name", pattern: #"^[/\.\-_A-Za-z0-9]+$"#, max: 256)
                guard input.name != "default" else { throw EventsError.exists("Event bus default already exists.") }
                if input.eventSourceName != nil { throw EventsError.validation("Partner event sources are not available on Slipway.") }
                if let description = input.description, description.count > 512 { throw EventsError.validation("Description must be at most 512 characters.") }
                let bus = BusRecord(
                    account: context.account.rawValue, region: context.region.name, name: input.name, description: input.description,
                    tags: try Self.tagMap(input.tags, context: context), created: clock.now()
                )
                try await store.insertBus(bus)
                return CreateEventBusOutput(eventBusArn: bus.arn, description: bus.description)
            }),
            ServiceOperation("DescribeEventBus", input: BusNameInput.self, access: { input, context in
                try await request("DescribeEventBus", busARN(Self.busName(input.name), context), context)
            }, handler: { input, context in
                let bus = try await requireBus(Self.busName(input.name), context)
                return EventBusShape(
                    name: bus.name, arn: bus.arn, description: bus.description, creationTime: bus.name == "default" ? nil : bus.created,
                    lastModifiedTime: bus.name == "default" ? nil : bus.created
                )
            }),
            ServiceOperation("ListEventBuses", input: ListEventBusesInput.self, access: { _, context in
                try await request("ListEventBuses", "*", context)
            }, handler: { input, context in
                let all = try await store.buses(account: context.account.rawValue, region: context.region.name)
                    .filter { input.namePrefix.map($0.name.hasPrefix) ?? true }
                let page = try Self.page(all, token: input.nextToken, limit: input.limit)
                return ListEventBusesOutput(
                    eventBuses: page.items.map { EventBusShape(name: $0.name, arn: $0.arn, description: $0.description, creationTime: nil, lastModifiedTime: nil) },
                    nextToken: page.nextToken
                )
            }),
            ServiceOperation("DeleteEventBus", input: BusNameInput.self, access: { input, context in
                try await request("DeleteEventBus", busARN(Self.busName(input.name), context), context)
            }, handler: { input, context in
                let name = Self.busName(input.name)
                guard name != "default" else { throw EventsError.validation("Cannot delete event bus default.") }
                if let bus = try await store.bus(account: context.account.rawValue, region: context.region.name, name: name) {
                    try await store.deleteBus(bus)
                }
                return EmptyEventsOutput()
            }),
        ]
    }
}
