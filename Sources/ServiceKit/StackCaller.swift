import Logging
import Provisioning
import SlipwayCore

/// How a service's resource providers act: they call the service's own operations in-process as the stack's
/// identity, in the stack's region, authorized exactly as a request over the wire would be.
public struct StackCaller<Service: AWSService>: Sendable {
    public let service: Service
    let authorizer: any AuthorizationPort
    let clock: any WallClock
    let logger: Logger

    public init(service: Service, authorizer: any AuthorizationPort, clock: any WallClock, logger: Logger) {
        self.service = service
        self.authorizer = authorizer
        self.clock = clock
        self.logger = logger
    }

    /// Calls operation `name` as the stack's identity.
    public func call<Input: Sendable, Output: Sendable>(_ name: String, _ input: Input, for request: ResourceRequest, as output: Output.Type = Output.self) async throws -> Output {
        try await service.call(name, input, context: try context(for: request), authorizer: authorizer)
    }

    private func context(for request: ResourceRequest) throws -> ServiceContext {
        try ServiceContext.stack(request, clock: clock, logger: logger)
    }
}

extension ServiceContext {
    /// The context a resource provider acts in: the stack's identity, in the stack's region, with CloudFormation's
    /// system tags allowed; a stack without a role of its own acts with its creator's credentials (a forward access session).
    public static func stack(_ request: ResourceRequest, clock: any WallClock, logger: Logger) throws -> ServiceContext {
        guard let principal = request.identity as? Principal, let account = principal.account ?? AccountID(request.accountID) else {
            throw AWSError(code: "InvalidRequest", message: "\(request.type) needs a signed-in identity to act as")
        }
        var context = ServiceContext(
            account: account, region: Region(request.region) ?? .usEast1, principal: principal, requestID: "stack-\(request.logicalID)",
            logger: logger, receivedAt: clock.now()
        )
        context.systemTagPrefix = "aws:cloudformation:"
        return principal.actingService == nil ? context.via("cloudformation.amazonaws.com") : context
    }
}
