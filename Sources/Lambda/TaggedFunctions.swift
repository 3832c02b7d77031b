import ServiceKit
import SlipwayCore

/// Lambda's `TaggedResourcesPort`: functions with their tags; a cascade deletes a function as the caller.
public struct TaggedFunctions: TaggedResourcesPort {
    let service: LambdaService
    let authorizer: any AuthorizationPort

    public init(module: LambdaModule, authorizer: any AuthorizationPort) {
        service = module.service
        self.authorizer = authorizer
    }

    public func taggedResources(context: ServiceContext) async throws -> [TaggedResource] {
        try await service.store.functions(account: context.account.rawValue, region: context.region.name, allVersions: false).map {
            TaggedResource(arn: $0.unqualifiedARN, type: "lambda:function", tags: $0.tags)
        }
    }

    public func deleteTaggedResource(_ resource: TaggedResource, context: ServiceContext) async throws {
        let _: NoContentOutput = try await service.call("DeleteFunction", FunctionNameInput(functionName: resource.arn, qualifier: nil), context: context, authorizer: authorizer)
    }
}
