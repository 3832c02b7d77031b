import Logging
import Provisioning
import ServiceKit
import SlipwayCore
import Wire

/// `AWS::IAM::AccessKey`: an access key of a user; its id is what `Ref` answers, its secret the
/// `SecretAccessKey` attribute.
public struct AccessKeyProvider: ResourceProvider {
    let iam: IAMCalls

    public init(module: IAMModule, logger: Logger) {
        iam = IAMCalls(module: module, logger: logger)
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::IAM::AccessKey",
            properties: ObjectShape(["UserName": .string, "Status": .string, "Serial": .integer], required: ["UserName"]),
            createOnlyProperties: ["UserName", "Serial"],
            attributes: ["SecretAccessKey"]
        )
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let user = request.properties["UserName"]?.scalarText ?? ""
        let status = request.properties["Status"]?.scalarText ?? "Active"
        guard status == "Active" || status == "Inactive" else { throw IAMError.validation("Status must be Active or Inactive") }
        let created: CreateAccessKeyOutput = try await iam.call("CreateAccessKey", OptionalUserNameInput(userName: user), for: request)
        let key = created.accessKey
        if status == "Inactive" {
            let _: EmptyOutput = try await iam.call("UpdateAccessKey", UpdateAccessKeyInput(userName: user, accessKeyId: key.accessKeyId, status: status), for: request)
        }
        return ProvisionedResource(physicalID: key.accessKeyId, attributes: ["SecretAccessKey": .string(key.secretAccessKey)], properties: request.properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let status = request.properties["Status"]?.scalarText ?? "Active"
        guard status == "Active" || status == "Inactive" else { throw IAMError.validation("Status must be Active or Inactive") }
        let _: EmptyOutput = try await iam.call("UpdateAccessKey", UpdateAccessKeyInput(
            userName: request.properties["UserName"]?.scalarText, accessKeyId: current.physicalID, status: status
        ), for: request)
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        try await ignoringMissing {
            let _: EmptyOutput = try await iam.call("DeleteAccessKey", DeleteAccessKeyInput(
                userName: resource.properties["UserName"]?.scalarText, accessKeyId: resource.physicalID
            ), for: request)
        }
    }
}
