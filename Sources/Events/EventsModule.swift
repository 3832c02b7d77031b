import Foundation
import Logging
import MetadataStore
import ServiceKit
import ServiceLifecycle
import SlipwayCore

/// The EventBridge room as the server composes it: the service, the engine that delivers, and the extension that
/// lists failed deliveries.
public struct EventsModule: Sendable {
    public let service: EventsService
    public let engine: EventEngine
    let store: EventStore
    public static let migrations: [Migration] = EventsMigrations.all

    public init(database: any MetadataDatabase, roles: any RoleAssumptionPort, ids: any IDGenerator, clock: any WallClock, logger: Logger) {
        store = EventStore(database: database)
        engine = EventEngine(store: store, clock: clock, ids: ids, logger: logger)
        service = EventsService(store: store, engine: engine, clock: clock, roles: roles)
    }

    /// Delivers in the background until the server stops.
    public var deliveryService: some Service { EventDeliveryService(engine: engine) }

    /// Slipway's additions under `/_slipway/` (signed as `slipway`): deliveries that failed, and pipeline starts recorded.
    public var extensionOperations: [ServiceOperation] {
        [
            ServiceOperation("ListFailedDeliveries", route: .init("GET", "/_slipway/events/deliveries"), input: ListDeliveriesInput.self, access: { _, context in
                AccessRequest(action: "events:ListTargetsByRule", resource: "*", resourceAccount: context.account.rawValue)
            }, handler: { [store] input, context in
                let status = input.status ?? "failed"
                guard ["failed", "recorded", "pending"].contains(status) else { throw EventsError.validation("Status must be failed, recorded or pending.") }
                let deliveries = try await store.deliveries(account: context.account.rawValue, status: status)
                return ListDeliveriesOutput(deliveries: deliveries.map {
                    DeliveryShape(
                        deliveryId: $0.id, ruleArn: $0.ruleARN, targetId: $0.targetID, targetArn: $0.targetARN, eventId: $0.eventID, status: $0.status,
                        attempts: $0.attempts, lastError: $0.lastError, created: $0.created, payload: $0.payload, result: $0.result
                    )
                })
            }),
        ]
    }
}

/// Runs the engine's delivery loop as one of the server's services.
struct EventDeliveryService: Service {
    let engine: EventEngine

    func run() async throws {
        await runUntilGracefulShutdown { [engine] in await engine.run() }
    }
}
