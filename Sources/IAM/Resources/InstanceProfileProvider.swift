import Logging
import Provisioning
import ServiceKit
import SlipwayCore
import Wire

/// `AWS::IAM::InstanceProfile`: an instance profile carrying the role it names.
public struct InstanceProfileProvider: ResourceProvider {
    let iam: IAMCalls

    public init(module: IAMModule, logger: Logger) {
        iam = IAMCalls(module: module, logger: logger)
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::IAM::InstanceProfile",
            properties: ObjectShape(["InstanceProfileName": .string, "Path": .string, "Roles": .list(.string)], required: ["Roles"]),
            createOnlyProperties: ["InstanceProfileName", "Path"],
            attributes: ["Arn"]
        )
    }

    func profileName(for request: ResourceRequest) -> String {
        request.properties["InstanceProfileName"]?.scalarText ?? PhysicalName.generate(for: request, lowercase: false, allowed: iamNameCharacters)
    }

    public func plannedPhysicalID(for request: ResourceRequest) -> String? { profileName(for: request) }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let name = profileName(for: request)
        let created: InstanceProfileOutput = try await iam.call("CreateInstanceProfile", CreateInstanceProfileInput(
            instanceProfileName: name, path: request.properties["Path"]?.scalarText
        ), for: request)
        let resource = ProvisionedResource(physicalID: name, attributes: ["Arn": .string(created.instanceProfile.arn)], properties: request.properties)
        do {
            try await roles(request.properties, previous: nil, name: name, request: request)
        } catch {
            try? await delete(resource, request: request)
            throw error
        }
        return resource
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        try await roles(request.properties, previous: current.properties, name: current.physicalID, request: request)
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        try await ignoringMissing {
            try await roles(nil, previous: resource.properties, name: resource.physicalID, request: request)
            let _: EmptyOutput = try await iam.call("DeleteInstanceProfile", InstanceProfileNameInput(instanceProfileName: resource.physicalID), for: request)
        }
    }

    /// Removes the roles only `previous` named, then adds the ones `properties` names.
    func roles(_ properties: TemplateValue?, previous: TemplateValue?, name: String, request: ResourceRequest) async throws {
        let wanted = properties?["Roles"]?.textItems ?? [], had = previous?["Roles"]?.textItems ?? []
        for role in had where !wanted.contains(role) {
            try await ignoringMissing {
                let _: EmptyOutput = try await iam.call("RemoveRoleFromInstanceProfile", InstanceProfileRoleInput(instanceProfileName: name, roleName: role), for: request)
            }
        }
        for role in wanted where !had.contains(role) {
            let _: EmptyOutput = try await iam.call("AddRoleToInstanceProfile", InstanceProfileRoleInput(instanceProfileName: name, roleName: role), for: request)
        }
    }
}
