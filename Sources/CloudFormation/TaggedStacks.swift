import ServiceKit
import SlipwayCore

/// CloudFormation's `TaggedResourcesPort`: the live stacks with their tags; a cascade deletes a stack as the caller.
public struct TaggedStacks: TaggedResourcesPort {
    let service: CloudFormationService
    let authorizer: any AuthorizationPort

    public init(module: CloudFormationModule, authorizer: any AuthorizationPort) {
        service = module.service
        self.authorizer = authorizer
    }

    public func taggedResources(context: ServiceContext) async throws -> [TaggedResource] {
        try await service.store.liveStacks(account: context.account.rawValue, region: context.region.name).map { stack in
            TaggedResource(
                arn: stack.stackID, type: "cloudformation:stack",
                tags: Dictionary(stack.tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            )
        }
    }

    public func deleteTaggedResource(_ resource: TaggedResource, context: ServiceContext) async throws {
        let _: EmptyResult = try await service.call("DeleteStack", DeleteStackInput(stackName: resource.arn), context: context, authorizer: authorizer)
    }
}
