import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// What S3's resource providers share: the service they call and how they act as a stack's identity.
struct ProviderCalls: Sendable {
    let service: S3Service
    let authorizer: any AuthorizationPort
    let logger: Logger

    /// Calls S3 operation `name` as the stack's identity, in the stack's region.
    func call<Input: Sendable, Output: Sendable>(_ name: String, _ input: Input, for request: ResourceRequest, as output: Output.Type = Output.self) async throws -> Output {
        try await service.call(name, input, context: try context(for: request), authorizer: authorizer)
    }

    private func context(for request: ResourceRequest) throws -> ServiceContext {
        guard let principal = request.identity as? Principal, let account = principal.account ?? AccountID(request.accountID) else {
            throw AWSError(code: "InvalidRequest", message: "\(request.type) needs a signed-in identity to act as")
        }
        return ServiceContext(
            account: account, region: Region(request.region) ?? .usEast1, principal: principal, requestID: "stack-\(request.logicalID)",
            logger: logger, receivedAt: service.clock.now()
        )
    }
}
