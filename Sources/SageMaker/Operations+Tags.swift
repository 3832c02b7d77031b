import Foundation
import ServiceKit
import SlipwayCore

extension SageMakerService {
    var tagOperations: [ServiceOperation] {
        [
            ServiceOperation("AddTags", input: AddTagsInput.self, access: { input, context in
                try await request("AddTags", input.resourceArn, context, tags: input.tags)
            }, handler: { input, context in
                try Self.check(tags: input.tags)
                try await requireTaggable(input.resourceArn, context)
                try await store.addTags(input.resourceArn, input.tags)
                return TagsOutput(tags: input.tags)
            }),
            ServiceOperation("ListTags", input: ListTagsInput.self, access: { input, context in
                try await request("ListTags", input.resourceArn, context)
            }, handler: { input, context in
                try await requireTaggable(input.resourceArn, context)
                let (page, next) = try Self.page(try await store.tags(input.resourceArn), nextToken: input.nextToken, maxResults: input.maxResults ?? 50)
                return TagsOutput(tags: page, nextToken: next)
            }),
            ServiceOperation("DeleteTags", input: DeleteTagsInput.self, access: { input, context in
                try await request("DeleteTags", input.resourceArn, context, removing: input.tagKeys)
            }, handler: { input, context in
                try await requireTaggable(input.resourceArn, context)
                try await store.removeTags(input.resourceArn, keys: input.tagKeys)
                return EmptyShape()
            }),
        ]
    }

    /// The domain, user profile or project an ARN names, in the caller's account; `ResourceNotFound` otherwise.
    func requireTaggable(_ resourceARN: String, _ context: ServiceContext) async throws {
        let prefix = "arn:aws:sagemaker:\(context.region.name):\(context.account):"
        guard resourceARN.hasPrefix(prefix) else { throw SageMakerError.resourceNotFound("Resource \(resourceARN) does not exist") }
        let path = resourceARN.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let exists: Bool
        switch (path.first, path.count) {
        case ("domain", 2): exists = try await store.domain(path[1], account: context.account.rawValue, region: context.region.name) != nil
        case ("user-profile", 3): exists = try await store.profile(domain: path[1], name: path[2]).map { $0.account == context.account.rawValue } ?? false
        case ("project", 2): exists = try await store.project(named: path[1], account: context.account.rawValue, region: context.region.name) != nil
        case ("code-repository", 2):
            exists = try await store.repositories.record(named: path[1], account: context.account.rawValue, region: context.region.name) != nil
        case ("model-package-group", 2):
            exists = try await store.groups.record(named: path[1], account: context.account.rawValue, region: context.region.name) != nil
        case (let type?, _) where featureResources[type] != nil:
            exists = try await featureResources[type]?.exists(Array(path.dropFirst()), context) ?? false
        default: throw SageMakerError.validation("Slipway does not tag resources of that type: \(resourceARN)")
        }
        guard exists else { throw SageMakerError.resourceNotFound("Resource \(resourceARN) does not exist") }
    }
}
