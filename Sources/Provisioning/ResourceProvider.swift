/// A resource type's implementation, kept in the module of the service that owns the resource: it creates,
/// updates and deletes real resources and says what they look like.
public protocol ResourceProvider: Sendable {
    /// The type's schema: properties, create-only and read-only properties, attributes.
    var schema: ResourceSchema { get }
    /// Creates the resource from resolved properties.
    func create(_ request: ResourceRequest) async throws -> ProvisionedResource
    /// Changes a resource in place (no create-only property changed).
    func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource
    /// Deletes the resource; deleting one that is already gone succeeds.
    func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws
    /// The physical id `create` will give the resource, when it is known beforehand; recorded before creating, so a
    /// crash mid-create leaves a name to clean up rather than an orphan.
    func plannedPhysicalID(for request: ResourceRequest) -> String?
}

extension ResourceProvider {
    public func plannedPhysicalID(for request: ResourceRequest) -> String? { nil }
}

/// Who a provider acts for: the stack's role session (or the caller), which every provider action is authorized
/// with. Opaque to the engine; the server's provider adapters know what it holds.
public protocol ProvisioningIdentity: Sendable {}

/// What a provider is asked to do: the resource, its resolved properties, its stack and the identity to act as.
public struct ResourceRequest: Sendable {
    public var logicalID: String
    public var type: String
    /// Properties with every intrinsic resolved.
    public var properties: TemplateValue
    public var stackName: String
    public var stackID: String
    public var region: String
    public var accountID: String
    /// Tags for every taggable resource: the stack's, plus `aws:cloudformation:*`.
    public var stackTags: [(key: String, value: String)]
    public var identity: any ProvisioningIdentity
    /// The physical id of the resource this one replaces (an update changed a create-only property), so a name made
    /// for it differs from the one it replaces; nil for a first create.
    public var replacing: String?

    public init(
        logicalID: String, type: String, properties: TemplateValue, stackName: String, stackID: String, region: String, accountID: String,
        stackTags: [(key: String, value: String)], identity: any ProvisioningIdentity, replacing: String? = nil
    ) {
        self.logicalID = logicalID
        self.type = type
        self.properties = properties
        self.stackName = stackName
        self.stackID = stackID
        self.region = region
        self.accountID = accountID
        self.stackTags = stackTags
        self.identity = identity
        self.replacing = replacing
    }
}

/// A resource that exists: its physical id (what `Ref` answers), `Fn::GetAtt` attributes, and the properties it
/// was made with.
public struct ProvisionedResource: Sendable, Hashable {
    public var physicalID: String
    public var attributes: [String: TemplateValue]
    public var properties: TemplateValue

    public init(physicalID: String, attributes: [String: TemplateValue], properties: TemplateValue) {
        self.physicalID = physicalID
        self.attributes = attributes
        self.properties = properties
    }
}
