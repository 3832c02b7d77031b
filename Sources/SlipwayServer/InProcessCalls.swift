import ServiceKit
import Synchronization
import Wire

/// Calls the server's JSON operations in-process for modules that act as a principal of their own, through the same
/// operation table, codec and authorizer as the edge; the registry is set once the server has composed it.
final class InProcessCalls: ServiceCallPort {
    private let registry = Mutex<ServiceRegistry?>(nil)
    let authorizer: any AuthorizationPort

    init(authorizer: any AuthorizationPort) {
        self.authorizer = authorizer
    }

    static let json = WireCodec(.json(version: "1.1", targetPrefix: "Slipway"))

    func set(_ registry: ServiceRegistry) { self.registry.withLock { $0 = registry } }

    func call(service: String, operation: String, input: [UInt8], context: ServiceContext) async throws -> [UInt8] {
        guard let entry = registry.withLock({ $0 })?.service(signingName: service), let handler = entry.operationsByName[operation] else {
            throw InProcessCallError(operation: operation, problem: "\(service) has no such operation")
        }
        // Operations of other protocols (Query, REST) take their input as JSON members by the same names here: their
        // shapes decode by member name whatever carries them.
        let prefix = entry.service.targetPrefix ?? entry.service.signingName
        let codec = entry.service.targetPrefix == nil ? Self.json : entry.codec
        let request = WireRequest(headers: [("X-Amz-Target", "\(prefix).\(operation)"), ("Content-Type", "application/x-amz-json-1.1")], body: input)
        let invocation = ServiceOperation.Invocation(codec: codec, authorizer: authorizer, deniedCode: entry.service.accessDeniedCode)
        return try await handler(request, context: context, invocation: invocation).body
    }

    func send(service: String, operation: String, request: WireRequest, context: ServiceContext) async throws -> WireResponse {
        guard let entry = registry.withLock({ $0 })?.entries.first(where: { $0.service.serviceName == service }), let handler = entry.operationsByName[operation] else {
            throw InProcessCallError(operation: operation, problem: "\(service) has no such operation")
        }
        let invocation = ServiceOperation.Invocation(codec: entry.codec, authorizer: authorizer, deniedCode: entry.service.accessDeniedCode)
        return try await handler(request, context: context, invocation: invocation)
    }
}
