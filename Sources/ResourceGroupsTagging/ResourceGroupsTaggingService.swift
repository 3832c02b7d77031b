import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// The Resource Groups Tagging API (JSON 1.1, `ResourceGroupsTaggingAPI_20170126.*`): `GetResources` across every
/// service's tagged resources, which each service reports through its `TaggedResourcesPort`.
public struct ResourceGroupsTaggingService: AWSService {
    public let serviceName = "tagging"
    public let signingName = "tagging"
    public let wireProtocol = WireProtocol.json(version: "1.1", targetPrefix: "ResourceGroupsTaggingAPI_20170126")
    let ports: [any TaggedResourcesPort]

    public init(ports: [any TaggedResourcesPort]) {
        self.ports = ports
    }

    public var operations: [ServiceOperation] {
        [
            ServiceOperation("GetResources", input: GetResourcesInput.self, access: { _, context in
                AccessRequest(action: "tag:GetResources", resource: "*", resourceAccount: context.account.rawValue)
            }, handler: { input, context in try await getResources(input, context: context) }),
        ]
    }

    /// Every tagged resource matching the filters: each tag filter's key present with one of its values (any value
    /// when none are given), the type one of `service` or `service:type`.
    public func matching(tagFilters: [(key: String, values: [String])], types: [String], context: ServiceContext) async throws -> [TaggedResource] {
        var found: [TaggedResource] = []
        for port in ports { found += try await port.taggedResources(context: context) }
        return found.filter { resource in
            let typed = types.isEmpty || types.contains { $0 == resource.type || $0 == resource.type.split(separator: ":").first.map(String.init) }
            let tagged = tagFilters.allSatisfy { filter in resource.tags[filter.key].map { filter.values.isEmpty || filter.values.contains($0) } ?? false }
            return typed && tagged && !resource.tags.isEmpty
        }.sorted { $0.arn < $1.arn }
    }

    func getResources(_ input: GetResourcesInput, context: ServiceContext) async throws -> GetResourcesOutput {
        let filters = input.tagFilters ?? []
        if filters.count > 50 { throw TaggingError.invalidParameter("TagFilters can hold at most 50 filters") }
        for filter in filters where filter.key.isEmpty || filter.key.count > 128 {
            throw TaggingError.invalidParameter("A tag filter's Key must be 1 to 128 characters long")
        }
        let perPage = input.resourcesPerPage ?? 100
        guard (1...100).contains(perPage) else { throw TaggingError.invalidParameter("ResourcesPerPage must be between 1 and 100") }
        let all = try await matching(tagFilters: filters.map { ($0.key, $0.values ?? []) }, types: input.resourceTypeFilters ?? [], context: context)
            .filter { resource in input.resourceARNList.map { $0.contains(resource.arn) } ?? true }
        guard let page = OffsetPage(all, after: input.paginationToken, limit: perPage) else {
            throw TaggingError.invalidParameter("The pagination token is not valid")
        }
        return GetResourcesOutput(
            paginationToken: page.nextToken ?? "",
            resourceTagMappingList: page.items.map { resource in
                ResourceTagMappingShape(resourceARN: resource.arn, tags: resource.tags.sorted { $0.key < $1.key }.map { TagShape(key: $0.key, value: $0.value) })
            }
        )
    }
}
