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
    /// Services a header claims, checked before the signing name.
    private var byHeader: [(header: String, index: Int)] = []
    /// Services a path prefix claims among those sharing their signing name.
    private var byPathPrefix: [(prefix: String, index: Int)] = []
    /// Claimed services by signing name, for requests scoped to them that lack the header (no other service signs so).
    private var claimingBySigningName: [String: Int] = [:]

    public init(_ services: [any AWSService] = []) {
        for service in services { register(service) }
    }

    /// Adds a service; a later service with the same signing name replaces nothing and is refused, unless a header
    /// of its own claims its requests.
    public mutating func register(_ service: any AWSService) {
        let claimed = service.claimingHeader != nil || service.claimingPathPrefix != nil
        precondition(claimed || bySigningName[service.signingName] == nil, "two services sign as \(service.signingName)")
        let operations = Dictionary(service.operations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let rest = service.operations.filter { $0.route != nil }
            .sorted { ($0.route?.template.specificity ?? 0) > ($1.route?.template.specificity ?? 0) }
        entries.append(Entry(service: service, codec: WireCodec(service.wireProtocol), operationsByName: operations, restOperations: rest))
        if let header = service.claimingHeader {
            byHeader.append((header.lowercased(), entries.count - 1))
            if claimingBySigningName[service.signingName] == nil { claimingBySigningName[service.signingName] = entries.count - 1 }
        } else if let prefix = service.claimingPathPrefix {
            byPathPrefix.append((prefix, entries.count - 1))
        } else {
            bySigningName[service.signingName] = entries.count - 1
        }
        if let prefix = service.targetPrefix { byTargetPrefix[prefix] = entries.count - 1 }
    }

    /// The service a SigV4 credential scope names.
    public func service(signingName: String) -> Entry? {
        (bySigningName[signingName] ?? claimingBySigningName[signingName]).map { entries[$0] }
    }

    /// The service a request claims by a header of its (`header(name)` looks one up), if any.
    public func service(claimedBy header: (String) -> String?) -> Entry? {
        byHeader.first { header($0.header) != nil }.map { entries[$0.index] }
    }

    /// The service a signed request's path claims among those signing as `signingName`, if any.
    public func service(signingName: String, claimedByPath path: String) -> Entry? {
        byPathPrefix.first { path.hasPrefix($0.prefix) && entries[$0.index].service.signingName == signingName }.map { entries[$0.index] }
    }

    /// Whether only a signature's scope or a claiming header routes to `entry`, never a path alone.
    public func isClaimedOnly(_ entry: Entry) -> Bool { entry.service.claimingHeader != nil }

    /// The JSON service an `X-Amz-Target` header (`Prefix.Operation`) names.
    public func service(target: String) -> Entry? {
        guard let dot = target.lastIndex(of: ".") else { return nil }
        return byTargetPrefix[String(target[..<dot])].map { entries[$0] }
    }
}
