import ServiceKit
import SlipwayCore

/// SageMaker's `TaggedResourcesPort`: domains, user profiles, projects, model package groups and the feature rooms'
/// resources that list themselves (MLflow servers) with their tags; a cascade deletes a project (its stack), a model
/// package group, a user profile or such a feature resource as the caller.
public struct TaggedSageMakerResources: TaggedResourcesPort {
    let service: SageMakerService
    let authorizer: any AuthorizationPort

    public init(module: SageMakerModule, authorizer: any AuthorizationPort) {
        service = module.service
        self.authorizer = authorizer
    }

    public func taggedResources(context: ServiceContext) async throws -> [TaggedResource] {
        let account = context.account.rawValue, region = context.region.name
        var found: [(String, String)] = try await service.store.domains(account: account, region: region).map { ($0.arn, "sagemaker:domain") }
        found += try await service.store.profiles(account: account, region: region).map { ($0.arn, "sagemaker:user-profile") }
        found += try await service.store.projects(account: account, region: region).map { ($0.arn, "sagemaker:project") }
        found += try await service.store.groups.all(account: account, region: region).map { ($0.arn, "sagemaker:model-package-group") }
        found += try await service.store.repositories.all(account: account, region: region).map { ($0.arn, "sagemaker:code-repository") }
        for feature in service.featureResources.values.sorted(by: { $0.type < $1.type }) {
            guard let list = feature.list else { continue }
            found += try await list(context).map { ($0, "sagemaker:\(feature.type)") }
        }
        var resources: [TaggedResource] = []
        for (arn, type) in found {
            let tags = try await service.store.tags(arn)
            resources.append(TaggedResource(arn: arn, type: type, tags: Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })))
        }
        return resources
    }

    public func deleteTaggedResource(_ resource: TaggedResource, context: ServiceContext) async throws {
        let path = resource.arn.split(separator: ":", maxSplits: 5).last.map { $0.split(separator: "/").map(String.init) } ?? []
        switch (resource.type, path.count) {
        case ("sagemaker:project", 2):
            let _: EmptyShape = try await service.call("DeleteProject", ProjectNameInput(projectName: path[1]), context: context, authorizer: authorizer)
        case ("sagemaker:code-repository", 2):
            let _: EmptyShape = try await service.call("DeleteCodeRepository", CodeRepositoryNameInput(codeRepositoryName: path[1]), context: context, authorizer: authorizer)
        case ("sagemaker:model-package-group", 2):
            // A group goes with its versions.
            for package in try await service.store.modelPackages(account: context.account.rawValue, region: context.region.name)
                where package.groupName.lowercased() == path[1].lowercased() {
                let _: EmptyShape = try await service.call("DeleteModelPackage", ModelPackageNameInput(modelPackageName: package.arn), context: context, authorizer: authorizer)
            }
            let _: EmptyShape = try await service.call("DeleteModelPackageGroup", ModelPackageGroupNameInput(modelPackageGroupName: path[1]), context: context, authorizer: authorizer)
        case ("sagemaker:user-profile", 3):
            let _: EmptyShape = try await service.call("DeleteUserProfile", UserProfileInput(domainId: path[1], userProfileName: path[2]), context: context, authorizer: authorizer)
        case (let type, _) where type.hasPrefix("sagemaker:") && service.featureResources[String(type.dropFirst(10))]?.delete != nil:
            try await service.featureResources[String(type.dropFirst(10))]?.delete?(resource.arn, context)
        default:
            throw SageMakerError.validation("Slipway does not delete \(resource.type) resources in a cascade: \(resource.arn)")
        }
    }
}
