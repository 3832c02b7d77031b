import Wire

/// Slipway's own REST-JSON API under `/_slipway/` (signed with the service name `slipway`): the operations every
/// room adds beyond AWS's (template discovery, cascade deletes, function logs, failed deliveries), served as one service.
public struct SlipwayExtensions: AWSService {
    public let serviceName = "slipway"
    public let signingName = "slipway"
    public let wireProtocol = WireProtocol.restJSON
    public let operations: [ServiceOperation]

    public init(operations: [ServiceOperation]) {
        self.operations = operations
    }
}
