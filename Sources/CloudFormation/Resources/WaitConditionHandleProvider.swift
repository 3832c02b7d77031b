import Foundation
import Provisioning

/// `AWS::CloudFormation::WaitConditionHandle`: a handle whose `Ref` is the URL a signal would be sent to; templates
/// also use it as a resource that does nothing.
struct WaitConditionHandleProvider: ResourceProvider {
    var schema: ResourceSchema {
        ResourceSchema(typeName: "AWS::CloudFormation::WaitConditionHandle", properties: ObjectShape([:]))
    }

    func plannedPhysicalID(for request: ResourceRequest) -> String? {
        let stack = request.stackID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? request.stackID
        return "https://cloudformation-waitcondition-\(request.region).s3.amazonaws.com/\(stack)/\(request.logicalID)"
    }

    func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        ProvisionedResource(physicalID: plannedPhysicalID(for: request) ?? request.logicalID, attributes: [:], properties: request.properties)
    }

    func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource { current }

    func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {}
}
