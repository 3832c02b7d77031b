import Foundation
import ServiceKit
import SlipwayCore

extension SageMakerService {
    var modelPackageGroupOperations: [ServiceOperation] {
        [
            ServiceOperation("CreateModelPackageGroup", input: CreateModelPackageGroupInput.self, access: { input, context in
                try await request("CreateModelPackageGroup", arn(context, "model-package-group", input.modelPackageGroupName.lowercased()), context, tags: input.tags ?? [])
            }, handler: { input, context in
                try Self.check(input.modelPackageGroupName, member: "modelPackageGroupName", pattern: Self.entityName, max: 63)
                if let description = input.modelPackageGroupDescription, description.count > 1024 {
                    throw SageMakerError.validation("1 validation error detected: Value at 'modelPackageGroupDescription' failed to satisfy constraint: Member must have length less than or equal to 1024")
                }
                try Self.check(tags: input.tags)
                let group = ModelPackageGroupRecord(
                    account: context.account.rawValue, region: context.region.name, name: input.modelPackageGroupName,
                    description: input.modelPackageGroupDescription, createdBy: try await userContext(context), created: clock.now()
                )
                try await store.groups.insert(group, tags: input.tags ?? [], duplicate: "Model Package Group already exists: \(group.arn)")
                return ModelPackageGroupArnOutput(modelPackageGroupArn: group.arn)
            }),
            ServiceOperation("DescribeModelPackageGroup", input: ModelPackageGroupNameInput.self, access: { input, context in
                try await request("DescribeModelPackageGroup", arn(context, "model-package-group", Self.groupName(input.modelPackageGroupName).lowercased()), context)
            }, handler: { input, context in
                let group = try await requireGroup(input.modelPackageGroupName, context)
                return DescribeModelPackageGroupOutput(
                    modelPackageGroupName: group.name, modelPackageGroupArn: group.arn, modelPackageGroupDescription: group.description,
                    creationTime: group.created, createdBy: group.createdBy, modelPackageGroupStatus: "Completed"
                )
            }),
            ServiceOperation("ListModelPackageGroups", input: ListModelPackageGroupsInput.self, access: { _, context in
                try await request("ListModelPackageGroups", "*", context)
            }, handler: { input, context in
                let groups = try input.select(
                    try await store.groups.all(account: context.account.rawValue, region: context.region.name), name: \.name, created: \.created, caseSensitive: false
                )
                let (page, next) = try Self.page(groups, nextToken: input.nextToken, maxResults: input.maxResults)
                return ListModelPackageGroupsOutput(modelPackageGroupSummaryList: page.map { group in
                    ModelPackageGroupSummaryShape(
                        modelPackageGroupName: group.name, modelPackageGroupArn: group.arn, modelPackageGroupDescription: group.description,
                        creationTime: group.created, modelPackageGroupStatus: "Completed"
                    )
                }, nextToken: next)
            }),
            ServiceOperation("DeleteModelPackageGroup", input: ModelPackageGroupNameInput.self, access: { input, context in
                try await request("DeleteModelPackageGroup", arn(context, "model-package-group", Self.groupName(input.modelPackageGroupName).lowercased()), context)
            }, handler: { input, context in
                let group = try await requireGroup(input.modelPackageGroupName, context)
                let versions = try await store.modelPackages(account: context.account.rawValue, region: context.region.name)
                    .filter { $0.groupName.lowercased() == group.name.lowercased() }
                guard versions.isEmpty else {
                    throw SageMakerError.conflict("Model Package Group \(group.arn) still holds \(versions.count) model package(s); delete them first")
                }
                try await store.groups.delete(group)
                return EmptyShape()
            }),
        ]
    }

    /// The group name an `ArnOrName` member gives.
    static func groupName(_ nameOrARN: String) -> String {
        nameOrARN.hasPrefix("arn:") ? String(nameOrARN.split(separator: "/").last ?? "") : nameOrARN
    }

    func requireGroup(_ nameOrARN: String, _ context: ServiceContext) async throws -> ModelPackageGroupRecord {
        let name = Self.groupName(nameOrARN)
        guard let group = try await store.groups.record(named: name, account: context.account.rawValue, region: context.region.name) else {
            throw SageMakerError.validation("ModelPackageGroup \(name) does not exist.")
        }
        return group
    }
}
