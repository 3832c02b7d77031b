import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `AWS::SageMaker::Endpoint`: created through `CreateEndpoint` and waited for until `InService` (a `Failed` endpoint
/// fails the stack with its reason); a new `EndpointConfigName` updates it in place through `UpdateEndpoint`,
/// blue/green, and the stack goes on only once it serves the new configuration — the replaced configuration and
/// model are deleted in the stack's cleanup after that, and a rollback points it back. `Ref` is its ARN;
/// `GetAtt EndpointName`.
public struct EndpointProvider: ResourceProvider {
    let caller: HostingCaller

    public init(module: HostingModule, authorizer: any AuthorizationPort, logger: Logger) {
        caller = HostingCaller(module: module, authorizer: authorizer, logger: logger)
    }

    public var schema: ResourceSchema {
        let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))
        return ResourceSchema(
            typeName: "AWS::SageMaker::Endpoint",
            properties: ObjectShape([
                "EndpointName": .string, "EndpointConfigName": .string, "DeploymentConfig": .json, "ExcludeRetainedVariantProperties": .json,
                "RetainAllVariantProperties": .boolean, "RetainDeploymentConfig": .boolean, "Tags": .list(tag),
            ], required: ["EndpointConfigName"]),
            createOnlyProperties: ["EndpointName"],
            attributes: ["EndpointName", "EndpointArn"]
        )
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let name = HostingCaller.name("EndpointName", request)
        let config = properties["EndpointConfigName"]?.text ?? ""
        let created: EndpointArnOutput = try await caller.call(
            "CreateEndpoint", CreateEndpointInput(endpointName: name, endpointConfigName: config, tags: HostingCaller.tags(request)), for: request
        )
        _ = try await caller.settle(name, config: config, for: request)
        return ProvisionedResource(physicalID: created.endpointArn, attributes: ["EndpointName": .string(name), "EndpointArn": .string(created.endpointArn)], properties: properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let name = HostingCaller.name(of: current, "EndpointName")
        let config = request.properties["EndpointConfigName"]?.text ?? ""
        if config != current.properties["EndpointConfigName"]?.text {
            let _: EndpointArnOutput = try await caller.call("UpdateEndpoint", UpdateEndpointInput(
                endpointName: name, endpointConfigName: config, retainAllVariantProperties: request.properties["RetainAllVariantProperties"]?.flag
            ), for: request)
            _ = try await caller.settle(name, config: config, for: request)
        }
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        let name = HostingCaller.name(of: resource, "EndpointName")
        guard try await caller.delete("DeleteEndpoint", EndpointNameInput(endpointName: name), for: request) else { return }
        let deadline = Date().addingTimeInterval(HostingCaller.settleTimeout)
        while Date() < deadline {
            do {
                let _: DescribeEndpointOutput = try await caller.call("DescribeEndpoint", EndpointNameInput(endpointName: name), for: request)
            } catch let error as HostingError where error.message.hasPrefix("Could not find endpoint") {
                return
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw HostingError.validation("Endpoint \(name) was not deleted within \(Int(HostingCaller.settleTimeout)) seconds.")
    }
}
