import Wire

/// The services a server runs, with their operation tables indexed for the edge.
public struct ServiceRegistry: Sendable {
    /// A service with its operations looked up by name and, for REST, ordered by route specificity.
    public struct Entry: Sendable {
        public let service: any AWSService
        public let codec: WireCodec
        public let operationsByName: [String: ServiceOperation]
        public let restOperations: [ServiceOperation]
    }

    public private(set) var entries: [Entry] = []
    private var bySigningName: [String: Int] = [:]
    private var byTargetPrefix: [String: Int] = [:]

    public init(_ services: [any AWSService] = []) {
        for service in services { register(service) }
    }

    /// Adds a service; a later service with the same signing name replaces nothing and is refused.
    public mutating func register(_ service: any AWSService) {
        precondition(bySigningName[service.signingName] == nil, "two services sign as \(service.signingName)")
        let operations = Dictionary(service.operations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let rest = service.operations.filter { $0.route != nil }
            .sorted { ($0.route?.template.specificity ?? 0) > ($1.route?.template.specificity ?? 0) }
        entries.append(Entry(service: service, codec: WireCodec(service.wireProtocol), operationsByName: operations, restOperations: rest))
        bySigningName[service.signingName] = entries.count - 1
        if let prefix = service.targetPrefix { byTargetPrefix[prefix] = entries.count - 1 }
    }

    /// The service a SigV4 credential scope names.
    public func service(signingName: String) -> Entry? {
        bySigningName[signingName].map { entries[$0] }
    }

    /// The JSON service an `X-Amz-Target` header (`Prefix.Operation`) names.
    public func service(target: String) -> Entry? {
        guard let dot = target.lastIndex(of: ".") else { return nil }
        return byTargetPrefix[String(target[..<dot])].map { entries[$0] }
    }
}
