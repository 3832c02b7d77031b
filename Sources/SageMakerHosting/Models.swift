import Compute
import Foundation
import ServiceKit
import SlipwayCore

/// SageMaker's model operations (`CreateModel`, `DescribeModel`, `ListModels`, `DeleteModel`). A model's containers
/// are resolved when it is created — a model package stands for its image, model data and environment — and checked
/// as SageMaker checks them: the role must be one SageMaker can assume, the image one a serving profile stands for,
/// and the model data readable by the role.
struct Models: Sendable {
    let resources: HostingResources
    let roles: any RoleAssumptionPort
    let objects: any ObjectPort
    let serving: ServingProfiles

    var operations: [ServiceOperation] {
        [
            ServiceOperation("CreateModel", input: CreateModelInput.self, accessAll: { input, context in
                let arn = HostingResources.arn("model", input.modelName, context)
                guard let role = input.executionRoleArn else { return HostingResources.creation("CreateModel", arn, tags: input.tags, context) }
                return try await PassRole.sageMakerCreation(
                    "CreateModel", arn, role: role, tags: (input.tags ?? []).map { ($0.key, $0.value) }, context: context, roles: roles
                )
            }, handler: { input, context in try await create(input, context) }),
            ServiceOperation("DescribeModel", input: ModelNameInput.self, access: { input, context in
                HostingResources.request("DescribeModel", HostingResources.arn("model", input.modelName, context), context)
            }, handler: { input, context in
                let model = try await require(input.modelName, context)
                return DescribeModelOutput(
                    modelName: model.name, primaryContainer: model.primaryContainer, containers: model.containers, executionRoleArn: model.executionRoleArn,
                    creationTime: model.created, modelArn: model.arn, enableNetworkIsolation: model.enableNetworkIsolation
                )
            }),
            ServiceOperation("ListModels", input: HostingListing.self, access: { _, context in
                HostingResources.request("ListModels", "*", context)
            }, handler: { input, context in
                let page = try HostingResources.page(try await resources.models.all(account: context.account.rawValue, region: context.region.name), input)
                return ListModelsOutput(
                    models: page.items.map { ModelSummaryShape(modelName: $0.name, modelArn: $0.arn, creationTime: $0.created) }, nextToken: page.nextToken
                )
            }),
            ServiceOperation("DeleteModel", input: ModelNameInput.self, access: { input, context in
                HostingResources.request("DeleteModel", HostingResources.arn("model", input.modelName, context), context)
            }, handler: { input, context in
                let model = try await require(input.modelName, context)
                try await resources.models.delete(model.arn)
                return EmptyOutput()
            }),
        ]
    }

    func require(_ name: String, _ context: ServiceContext) async throws -> ModelRecord {
        guard let model = try await resources.models.record(named: name, account: context.account.rawValue, region: context.region.name) else {
            throw HostingError.validation("Could not find model \"\(HostingResources.arn("model", name, context))\".")
        }
        return model
    }

    func create(_ input: CreateModelInput, _ context: ServiceContext) async throws -> ModelArnOutput {
        try HostingError.check(input.modelName, member: "modelName", pattern: HostingError.modelNamePattern, max: 63)
        try HostingError.checkTags(input.tags)
        let arn = HostingResources.arn("model", input.modelName, context)
        let definitions = input.containers ?? input.primaryContainer.map { [$0] } ?? []
        if input.containers != nil && input.primaryContainer != nil {
            throw HostingError.validation("PrimaryContainer and Containers cannot both be specified.")
        }
        guard !definitions.isEmpty else { throw HostingError.validation("Either PrimaryContainer or Containers must be specified.") }
        if definitions.count > 15 {
            throw HostingError.constraint("\(definitions.count)", member: "containers", "Member must have length less than or equal to 15")
        }
        guard definitions.count == 1 else {
            throw HostingError.validation("Slipway serves models of one container; inference pipelines of \(definitions.count) containers are not supported.")
        }
        guard let role = input.executionRoleArn else {
            throw HostingError.validation("ExecutionRoleArn is required: the model's containers read its model data as that role.")
        }
        if try await resources.models.record(named: input.modelName, account: context.account.rawValue, region: context.region.name) != nil {
            throw HostingError.validation("Cannot create already existing model \"\(arn)\".")
        }
        // The role must exist in this account and trust SageMaker: checked now, as SageMaker does.
        let session: Principal
        do {
            session = try await roles.assumeRole(role, by: "sagemaker.amazonaws.com", for: context.account.rawValue, sessionName: "SageMaker", conditions: [:])
        } catch {
            throw HostingError.validation("Could not assume role \(role). Please ensure that the role exists and allows principal 'sagemaker.amazonaws.com' to assume the role.")
        }
        var resolved: [ResolvedContainer] = []
        for definition in definitions {
            let container = try await resolve(definition, context)
            guard serving.plan(for: container) != nil else { throw HostingError.validation(ServingProfiles.unprofiled(container.image)) }
            try await checkModelData(container, role: role, session: session, context: context)
            resolved.append(container)
        }
        let record = ModelRecord(
            arn: arn, account: context.account.rawValue, region: context.region.name, name: input.modelName, created: resources.clock.now(),
            executionRoleArn: role, primaryContainer: input.primaryContainer, containers: input.containers,
            enableNetworkIsolation: input.enableNetworkIsolation ?? false, resolved: resolved
        )
        guard try await resources.models.insert(record) else { throw HostingError.validation("Cannot create already existing model \"\(arn)\".") }
        do {
            try await resources.tag(arn, input.tags, context: context)
        } catch {
            try? await resources.models.delete(arn)
            throw error
        }
        return ModelArnOutput(modelArn: arn)
    }

    /// A container definition as it will run: its own image, data and environment, or its model package's.
    func resolve(_ definition: ContainerDefinitionShape, _ context: ServiceContext) async throws -> ResolvedContainer {
        if let url = definition.modelDataUrl {
            try HostingError.check(url, member: "primaryContainer.modelDataUrl", pattern: "(https|s3)://([^/]+)/?(.*)", max: 1024)
        }
        if let mode = definition.mode, !["SingleModel", "MultiModel"].contains(mode) {
            throw HostingError.constraint(mode, member: "primaryContainer.mode", "Member must satisfy enum value set: [SingleModel, MultiModel]")
        }
        if definition.mode == "MultiModel" { throw HostingError.validation("Slipway serves SingleModel containers; MultiModel is not supported.") }
        if let environment = definition.environment, environment.count > 100 {
            throw HostingError.constraint("\(environment.count)", member: "primaryContainer.environment", "Member must have length less than or equal to 100")
        }
        if let source = definition.modelDataSource?.s3DataSource {
            guard ["S3Prefix", "S3Object"].contains(source.s3DataType) else {
                throw HostingError.constraint(source.s3DataType, member: "primaryContainer.modelDataSource.s3DataSource.s3DataType", "Member must satisfy enum value set: [S3Prefix, S3Object]")
            }
            guard ["None", "Gzip"].contains(source.compressionType) else {
                throw HostingError.constraint(source.compressionType, member: "primaryContainer.modelDataSource.s3DataSource.compressionType", "Member must satisfy enum value set: [None, Gzip]")
            }
        }
        guard let package = definition.modelPackageName else {
            guard let image = definition.image, !image.isEmpty else { throw HostingError.validation("Image is required when ModelPackageName is not specified.") }
            if definition.modelDataUrl != nil && definition.modelDataSource != nil {
                throw HostingError.validation("ModelDataUrl and ModelDataSource cannot both be specified.")
            }
            return ResolvedContainer(
                image: image, modelDataUrl: definition.modelDataUrl, modelDataSource: definition.modelDataSource?.s3DataSource,
                environment: definition.environment ?? [:]
            )
        }
        if definition.image != nil || definition.modelDataUrl != nil {
            throw HostingError.validation("Image and ModelDataUrl cannot be specified with ModelPackageName.")
        }
        guard let calls = resources.calls else { throw HostingError.validation("Model packages cannot be resolved on this server.") }
        let input = try JSONSerialization.data(withJSONObject: ["ModelPackageName": package])
        let answer: [UInt8]
        do {
            answer = try await calls.call(service: "sagemaker", operation: "DescribeModelPackage", input: Array(input), context: context)
        } catch let error as any ServiceError where error.code == "ValidationException" || error.code == "ResourceNotFound" {
            throw HostingError.validation("Model package \(package) does not exist.")
        }
        let described = (try? JSONSerialization.jsonObject(with: Data(answer))) as? [String: Any]
        let specification = described?["InferenceSpecification"] as? [String: Any]
        guard let container = (specification?["Containers"] as? [[String: Any]])?.first, let image = container["Image"] as? String else {
            throw HostingError.validation("Model package \(package) has no inference specification with a container image to deploy.")
        }
        var environment = container["Environment"] as? [String: String] ?? [:]
        environment.merge(definition.environment ?? [:]) { _, given in given }
        return ResolvedContainer(image: image, modelDataUrl: container["ModelDataUrl"] as? String, modelDataSource: nil, environment: environment)
    }

    /// Refuses model data the role cannot read, in SageMaker's words.
    func checkModelData(_ container: ResolvedContainer, role: String, session: Principal, context: ServiceContext) async throws {
        guard let url = container.modelDataUrl ?? container.modelDataSource?.s3Uri else { return }
        let refusal = HostingError.validation(
            "Could not access model data at \(url). Please ensure that the role \"\(role)\" exists and that its trust relationship policy allows the action \"sts:AssumeRole\" for the service principal \"sagemaker.amazonaws.com\". Also ensure that the role has \"s3:GetObject\" permissions and that the object is located in \(context.region.name)."
        )
        guard let location = ObjectLocation.parse(url: url) else {
            if container.modelDataSource?.s3DataType == "S3Prefix", url.hasPrefix("s3://") { return }
            throw refusal
        }
        var roleContext = context
        roleContext.principal = session
        if container.modelDataSource?.s3DataType == "S3Prefix" {
            guard (try? await objects.list(bucket: location.bucket, prefix: location.key, context: roleContext))?.isEmpty == false else { throw refusal }
            return
        }
        do {
            _ = try await objects.read(location, context: roleContext, limit: 0)
        } catch is ObjectTooLarge {
            return
        } catch {
            throw refusal
        }
    }
}
