import ServiceKit
import SlipwayCore

/// CodeCommit's `TaggedResourcesPort`: repositories with their tags; a cascade deletes a repository as the caller.
public struct TaggedRepositories: TaggedResourcesPort {
    let service: CodeCommitService
    let authorizer: any AuthorizationPort

    public init(module: GitModule, authorizer: any AuthorizationPort) {
        service = module.service
        self.authorizer = authorizer
    }

    public func taggedResources(context: ServiceContext) async throws -> [TaggedResource] {
        try await service.store.repositories(account: context.account.rawValue, region: context.region.name).map {
            TaggedResource(arn: $0.arn, type: "codecommit:repository", tags: $0.tags)
        }
    }

    public func deleteTaggedResource(_ resource: TaggedResource, context: ServiceContext) async throws {
        let name = String(resource.arn.split(separator: ":", maxSplits: 5).last ?? "")
        let _: DeleteRepositoryOutput = try await service.call("DeleteRepository", RepositoryNameInput(repositoryName: name), context: context, authorizer: authorizer)
    }
}
