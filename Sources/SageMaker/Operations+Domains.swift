import Foundation
import ServiceKit
import SlipwayCore

extension SageMakerService {
    static let idAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

    var domainOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateDomain", input: CreateDomainInput.self, accessAll: { input, context in
                var requests = [try await request("CreateDomain", arn(context, "domain", "*"), context, tags: input.tags ?? [])]
                if let role = Self.executionRole(input.defaultUserSettings) {
                    requests.append(try await passRole(role, to: "sagemaker.amazonaws.com", context: context, roles: roles))
                }
                return requests
            }, handler: { input, context in
                try Self.check(input.domainName, member: "domainName", pattern: Self.entityName, max: 63)
                guard ["IAM", "SSO"].contains(input.authMode) else {
                    throw SageMakerError.validation("1 validation error detected: Value '\(input.authMode)' at 'authMode' failed to satisfy constraint: Member must satisfy enum value set: [SSO, IAM]")
                }
                guard let role = Self.executionRole(input.defaultUserSettings) else {
                    throw SageMakerError.validation("DefaultUserSettings.ExecutionRole is required")
                }
                try Self.check(role, member: "defaultUserSettings.executionRole", pattern: Self.roleARN, min: 20, max: 2048)
                try Self.check(tags: input.tags)
                let now = clock.now()
                let domain = DomainRecord(
                    id: "d-" + ids.randomString(length: 12, alphabet: Self.idAlphabet), account: context.account.rawValue, region: context.region.name,
                    name: input.domainName, authMode: input.authMode, defaultUserSettings: input.defaultUserSettings, domainSettings: input.domainSettings,
                    appNetworkAccessType: input.appNetworkAccessType ?? "PublicInternetOnly", subnetIDs: input.subnetIds, vpcID: input.vpcId,
                    created: now, modified: now
                )
                try await store.insert(domain, tags: input.tags ?? [])
                return CreateDomainOutput(domainArn: domain.arn, domainId: domain.id, url: domain.url)
            }),
            ServiceOperation("DescribeDomain", input: DomainIDInput.self, access: { input, context in
                try await request("DescribeDomain", arn(context, "domain", input.domainId), context)
            }, handler: { input, context in
                let domain = try await requireDomain(input.domainId, context)
                return DescribeDomainOutput(
                    domainArn: domain.arn, domainId: domain.id, domainName: domain.name, status: "InService", creationTime: domain.created,
                    lastModifiedTime: domain.modified, authMode: domain.authMode, defaultUserSettings: domain.defaultUserSettings,
                    domainSettings: domain.domainSettings, appNetworkAccessType: domain.appNetworkAccessType, subnetIds: domain.subnetIDs,
                    url: domain.url, vpcId: domain.vpcID
                )
            }),
            ServiceOperation("ListDomains", input: ListInput.self, access: { _, context in
                try await request("ListDomains", "*", context)
            }, handler: { input, context in
                let (page, next) = try Self.page(try await store.domains(account: context.account.rawValue, region: context.region.name),
                                                 nextToken: input.nextToken, maxResults: input.maxResults)
                return ListDomainsOutput(domains: page.map { domain in
                    DomainDetailsShape(
                        domainArn: domain.arn, domainId: domain.id, domainName: domain.name, status: "InService", creationTime: domain.created,
                        lastModifiedTime: domain.modified, url: domain.url
                    )
                }, nextToken: next)
            }),
            ServiceOperation("UpdateDomain", input: UpdateDomainInput.self, accessAll: { input, context in
                var requests = [try await request("UpdateDomain", arn(context, "domain", input.domainId), context)]
                if let role = Self.executionRole(input.defaultUserSettings) {
                    requests.append(try await passRole(role, to: "sagemaker.amazonaws.com", context: context, roles: roles))
                }
                return requests
            }, handler: { input, context in
                var domain = try await requireDomain(input.domainId, context)
                if let settings = input.defaultUserSettings {
                    if let role = Self.executionRole(settings) {
                        try Self.check(role, member: "defaultUserSettings.executionRole", pattern: Self.roleARN, min: 20, max: 2048)
                    }
                    domain.defaultUserSettings = settings
                }
                domain.modified = clock.now()
                try await store.update(domain)
                return DomainArnOutput(domainArn: domain.arn)
            }),
            ServiceOperation("DeleteDomain", input: DomainIDInput.self, access: { input, context in
                try await request("DeleteDomain", arn(context, "domain", input.domainId), context)
            }, handler: { input, context in
                try await store.deleteDomain(try await requireDomain(input.domainId, context))
                return EmptyShape()
            }),
        ]
    }

    func requireDomain(_ id: String, _ context: ServiceContext) async throws -> DomainRecord {
        guard let domain = try await store.domain(id, account: context.account.rawValue, region: context.region.name) else {
            throw SageMakerError.resourceNotFound("Cannot find Domain \(arn(context, "domain", id))")
        }
        return domain
    }
}
