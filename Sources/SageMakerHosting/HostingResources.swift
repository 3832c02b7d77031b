import Foundation
import ServiceKit
import SlipwayCore

/// The resources the hosting room keeps, their tables and ARNs, and what each operation shares: names, ARNs,
/// access requests, tags and listings.
struct HostingResources: Sendable {
    let models: HostingTable<ModelRecord>
    let configs: HostingTable<EndpointConfigRecord>
    let endpoints: HostingTable<EndpointRecord>
    let calls: (any ServiceCallPort)?
    let clock: any WallClock
    static let deniedCode = "AccessDeniedException"

    static func arn(_ type: String, _ name: String, _ context: ServiceContext) -> String {
        "arn:aws:sagemaker:\(context.region.name):\(context.account):\(type)/\(name.lowercased())"
    }

    static func request(_ action: String, _ resource: String, _ context: ServiceContext) -> AccessRequest {
        AccessRequest(action: "sagemaker:\(action)", resource: resource, resourceAccount: context.account.rawValue)
    }

    /// What creating a resource needs: the create action with its tags, and `AddTags` when it is tagged.
    static func creation(_ action: String, _ resource: String, tags: [TagShape]?, _ context: ServiceContext) -> [AccessRequest] {
        let tags = (tags ?? []).map { (key: $0.key, value: $0.value) }
        let create = request(action, resource, context).requestingTags(tags)
        return tags.isEmpty ? [create] : [create, request("AddTags", resource, context).requestingTags(tags)]
    }

    /// Tags a new resource as its creator asked (the creator was allowed `sagemaker:AddTags`).
    func tag(_ arn: String, _ tags: [TagShape]?, context: ServiceContext) async throws {
        try await calls?.addSageMakerTags(arn, (tags ?? []).map { ($0.key, $0.value) }, context: context)
    }

    /// The page of `records` a `List*` request asks for, filtered, sorted and paged as SageMaker does.
    static func page<Record: HostingRecord>(
        _ records: [Record], _ input: HostingListing, status: ((Record) -> String)? = nil, modified: ((Record) -> Date)? = nil
    ) throws -> OffsetPage<Record> {
        var records = records
        if let contains = input.nameContains {
            try HostingError.check(contains, member: "nameContains", pattern: "[a-zA-Z0-9-]+", max: 63)
            records = records.filter { $0.name.localizedCaseInsensitiveContains(contains) }
        }
        if let before = input.creationTimeBefore { records = records.filter { $0.created < before } }
        if let after = input.creationTimeAfter { records = records.filter { $0.created > after } }
        if let modified {
            if let before = input.lastModifiedTimeBefore { records = records.filter { modified($0) < before } }
            if let after = input.lastModifiedTimeAfter { records = records.filter { modified($0) > after } }
        }
        if let status, let wanted = input.statusEquals { records = records.filter { status($0) == wanted } }
        let sorts = status == nil ? ["Name", "CreationTime"] : ["Name", "CreationTime", "Status"]
        switch input.sortBy ?? "CreationTime" {
        case "Name": records.sort { $0.name < $1.name }
        case "Status" where status != nil: records.sort { (status?($0) ?? "", $0.created) < (status?($1) ?? "", $1.created) }
        case "CreationTime": records.sort { $0.created < $1.created }
        case let other: throw HostingError.constraint(other, member: "sortBy", "Member must satisfy enum value set: [\(sorts.joined(separator: ", "))]")
        }
        switch input.sortOrder ?? "Descending" {
        case "Descending": records.reverse()
        case "Ascending": break
        case let other: throw HostingError.constraint(other, member: "sortOrder", "Member must satisfy enum value set: [Ascending, Descending]")
        }
        if let limit = input.maxResults, !(1...100).contains(limit) {
            throw HostingError.constraint(String(limit), member: "maxResults", "Member must have value between 1 and 100")
        }
        guard let page = OffsetPage(records, after: input.nextToken, limit: input.maxResults ?? 10) else {
            throw HostingError.validation("The NextToken is not valid.")
        }
        return page
    }
}
