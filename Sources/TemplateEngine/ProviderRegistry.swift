import Provisioning

/// Providers by resource type: what a server offers templates.
public struct ProviderRegistry: Sendable {
    public let providers: [String: any ResourceProvider]

    public init(_ providers: [any ResourceProvider]) {
        self.providers = Dictionary(providers.map { ($0.schema.typeName, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// This registry with `more` providers (a type already provided keeps its provider).
    public func adding(_ more: [any ResourceProvider]) -> ProviderRegistry {
        ProviderRegistry(Array(providers.values) + more)
    }

    /// The provider of `type`: its own, or for a `Custom::` type the custom resource provider
    /// (`AWS::CloudFormation::CustomResource`).
    public func provider(for type: String) -> (any ResourceProvider)? {
        providers[type] ?? (ResourceCatalog.isCustom(type) ? providers[ResourceCatalog.customResourceType] : nil)
    }

    /// The schemas, for validation.
    public var catalog: ResourceCatalog { ResourceCatalog(providers.values.map(\.schema)) }
}
