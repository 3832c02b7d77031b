import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `AWS::SageMaker::Model`: a model made through SageMaker's own `CreateModel` as the stack's identity — a container
/// naming a model package is resolved to the package's image and model data then. Every property change replaces
/// it, as on AWS. `Ref` is its ARN; `GetAtt ModelName`.
public struct ModelProvider: ResourceProvider {
    let caller: HostingCaller

    public init(module: HostingModule, authorizer: any AuthorizationPort, logger: Logger) {
        caller = HostingCaller(module: module, authorizer: authorizer, logger: logger)
    }

    public var schema: ResourceSchema {
        let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))
        let container = PropertyShape.object(ObjectShape([
            "ContainerHostname": .string, "Image": .string, "Mode": .string, "ModelDataUrl": .string, "ModelPackageName": .string,
            "Environment": .json, "ModelDataSource": .json, "InferenceSpecificationName": .string, "ImageConfig": .json, "MultiModelConfig": .json,
        ]))
        return ResourceSchema(
            typeName: "AWS::SageMaker::Model",
            properties: ObjectShape([
                "ModelName": .string, "ExecutionRoleArn": .string, "PrimaryContainer": container, "Containers": .list(container),
                "EnableNetworkIsolation": .boolean, "InferenceExecutionConfig": .json, "VpcConfig": .json, "Tags": .list(tag),
            ]),
            createOnlyProperties: [
                "ModelName", "ExecutionRoleArn", "PrimaryContainer", "Containers", "EnableNetworkIsolation", "InferenceExecutionConfig", "VpcConfig",
            ],
            attributes: ["ModelName", "ModelArn"]
        )
    }

    public func plannedPhysicalID(for request: ResourceRequest) -> String? { nil }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let name = HostingCaller.name("ModelName", request)
        let created: ModelArnOutput = try await caller.call("CreateModel", CreateModelInput(
            modelName: name, primaryContainer: properties["PrimaryContainer"]?.container, containers: properties["Containers"]?.arrayValue?.map(\.container),
            executionRoleArn: properties["ExecutionRoleArn"]?.text, tags: HostingCaller.tags(request),
            enableNetworkIsolation: properties["EnableNetworkIsolation"]?.flag
        ), for: request)
        return ProvisionedResource(
            physicalID: created.modelArn, attributes: ["ModelName": .string(name), "ModelArn": .string(created.modelArn)], properties: properties
        )
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        // Only tags change in place; SageMaker keeps them, and the stack's own record says what was asked.
        ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        _ = try await caller.delete("DeleteModel", ModelNameInput(modelName: HostingCaller.name(of: resource, "ModelName")), for: request)
    }
}
