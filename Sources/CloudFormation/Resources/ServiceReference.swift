import Synchronization

/// The CloudFormation service as its own providers reach it: set once the service exists (the service's engine
/// holds the providers, so they cannot hold the service directly).
final class ServiceReference: Sendable {
    private let service = Mutex<CloudFormationService?>(nil)

    func set(_ value: CloudFormationService) { service.withLock { $0 = value } }

    func get() throws -> CloudFormationService {
        guard let value = service.withLock({ $0 }) else { throw CloudFormationError.validation("CloudFormation is not running yet") }
        return value
    }
}
