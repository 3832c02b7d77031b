import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `AWS::SageMaker::EndpointConfig`: production variants and data capture, through `CreateEndpointConfig`; every
/// property change replaces it. `Ref` is its ARN; `GetAtt EndpointConfigName`.
public struct EndpointConfigProvider: ResourceProvider {
    let caller: HostingCaller

    public init(module: HostingModule, authorizer: any AuthorizationPort, logger: Logger) {
        caller = HostingCaller(module: module, authorizer: authorizer, logger: logger)
    }

    public var schema: ResourceSchema {
        let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))
        let variant = PropertyShape.object(ObjectShape([
            "VariantName": .string, "ModelName": .string, "InitialInstanceCount": .integer, "InstanceType": .string, "InitialVariantWeight": .number,
            "VolumeSizeInGB": .integer, "ModelDataDownloadTimeoutInSeconds": .integer, "ContainerStartupHealthCheckTimeoutInSeconds": .integer,
            "AcceleratorType": .string, "ServerlessConfig": .json, "ManagedInstanceScaling": .json, "RoutingConfig": .json, "EnableSSMAccess": .boolean,
            "InferenceAmiVersion": .string,
        ], required: ["VariantName"]))
        let capture = PropertyShape.object(ObjectShape([
            "EnableCapture": .boolean, "InitialSamplingPercentage": .integer, "DestinationS3Uri": .string, "KmsKeyId": .string,
            "CaptureOptions": .list(.object(ObjectShape(["CaptureMode": .string], required: ["CaptureMode"]))), "CaptureContentTypeHeader": .json,
        ], required: ["InitialSamplingPercentage", "DestinationS3Uri", "CaptureOptions"]))
        return ResourceSchema(
            typeName: "AWS::SageMaker::EndpointConfig",
            properties: ObjectShape([
                "EndpointConfigName": .string, "ProductionVariants": .list(variant), "DataCaptureConfig": capture, "KmsKeyId": .string,
                "AsyncInferenceConfig": .json, "ExplainerConfig": .json, "ShadowProductionVariants": .list(.json), "ExecutionRoleArn": .string,
                "VpcConfig": .json, "EnableNetworkIsolation": .boolean, "Tags": .list(tag),
            ], required: ["ProductionVariants"]),
            createOnlyProperties: [
                "EndpointConfigName", "ProductionVariants", "DataCaptureConfig", "KmsKeyId", "AsyncInferenceConfig", "ExplainerConfig",
                "ShadowProductionVariants", "ExecutionRoleArn", "VpcConfig", "EnableNetworkIsolation",
            ],
            attributes: ["EndpointConfigName", "EndpointConfigArn"]
        )
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let name = HostingCaller.name("EndpointConfigName", request)
        let created: EndpointConfigArnOutput = try await caller.call("CreateEndpointConfig", CreateEndpointConfigInput(
            endpointConfigName: name, productionVariants: (properties["ProductionVariants"]?.arrayValue ?? []).map(\.productionVariant),
            dataCaptureConfig: properties["DataCaptureConfig"]?.dataCapture, tags: HostingCaller.tags(request), kmsKeyId: properties["KmsKeyId"]?.text,
            asyncInferenceConfig: properties["AsyncInferenceConfig"]?.asyncInference,
            shadowProductionVariants: properties["ShadowProductionVariants"]?.arrayValue?.map(\.productionVariant),
            executionRoleArn: properties["ExecutionRoleArn"]?.text
        ), for: request)
        return ProvisionedResource(
            physicalID: created.endpointConfigArn,
            attributes: ["EndpointConfigName": .string(name), "EndpointConfigArn": .string(created.endpointConfigArn)], properties: properties
        )
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        let name = HostingCaller.name(of: resource, "EndpointConfigName")
        _ = try await caller.delete("DeleteEndpointConfig", EndpointConfigNameInput(endpointConfigName: name), for: request)
    }
}
