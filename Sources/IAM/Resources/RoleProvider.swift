import Logging
import Provisioning
import ServiceKit
import SlipwayCore
import Wire

/// `AWS::IAM::Role`: a role with its trust policy, inline policies, attached managed policies, boundary and tags,
/// made and changed through IAM's own operations as the stack's identity.
public struct RoleProvider: ResourceProvider {
    let iam: IAMCalls

    public init(module: IAMModule, logger: Logger) {
        iam = IAMCalls(module: module, logger: logger)
    }

    static let policy = PropertyShape.object(ObjectShape(["PolicyName": .string, "PolicyDocument": .json], required: ["PolicyName", "PolicyDocument"]))
    static let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::IAM::Role",
            properties: ObjectShape([
                "AssumeRolePolicyDocument": .json, "Description": .string, "ManagedPolicyArns": .list(.string), "MaxSessionDuration": .integer,
                "Path": .string, "PermissionsBoundary": .string, "Policies": .list(Self.policy), "RoleName": .string, "Tags": .list(Self.tag),
            ], required: ["AssumeRolePolicyDocument"]),
            createOnlyProperties: ["RoleName", "Path"],
            attributes: ["Arn", "RoleId"]
        )
    }

    func roleName(for request: ResourceRequest) -> String {
        request.properties["RoleName"]?.scalarText ?? PhysicalName.generate(for: request, lowercase: false, allowed: iamNameCharacters)
    }

    public func plannedPhysicalID(for request: ResourceRequest) -> String? { roleName(for: request) }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let name = roleName(for: request)
        let created: RoleOutput = try await iam.call("CreateRole", CreateRoleInput(
            path: properties["Path"]?.scalarText, roleName: name, assumeRolePolicyDocument: properties["AssumeRolePolicyDocument"]?.policyText ?? "",
            description: properties["Description"]?.scalarText, maxSessionDuration: properties["MaxSessionDuration"]?.scalarText.flatMap { Int($0) },
            permissionsBoundary: properties["PermissionsBoundary"]?.scalarText, tags: request.iamTags.isEmpty ? nil : request.iamTags
        ), for: request)
        do {
            try await EntityPolicies(type: .role, name: name, iam: iam).apply(properties, previous: nil, request: request)
        } catch {
            // A role without the policies the template gave it is not what was asked for: take it away again.
            try? await delete(ProvisionedResource(physicalID: name, attributes: [:], properties: properties), request: request)
            throw error
        }
        return ProvisionedResource(
            physicalID: name, attributes: ["Arn": .string(created.role.arn), "RoleId": .string(created.role.roleId)], properties: properties
        )
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let new = request.properties, old = current.properties
        let name = current.physicalID
        if new["AssumeRolePolicyDocument"] != old["AssumeRolePolicyDocument"] {
            let _: EmptyOutput = try await iam.call("UpdateAssumeRolePolicy", UpdateAssumeRolePolicyInput(
                roleName: name, policyDocument: new["AssumeRolePolicyDocument"]?.policyText ?? ""
            ), for: request)
        }
        if new["Description"] != old["Description"] || new["MaxSessionDuration"] != old["MaxSessionDuration"] {
            let _: EmptyOutput = try await iam.call("UpdateRole", UpdateRoleInput(
                roleName: name, description: new["Description"]?.scalarText ?? "",
                maxSessionDuration: new["MaxSessionDuration"]?.scalarText.flatMap { Int($0) } ?? 3600
            ), for: request)
        }
        if new["PermissionsBoundary"] != old["PermissionsBoundary"] {
            if let boundary = new["PermissionsBoundary"]?.scalarText {
                let _: EmptyOutput = try await iam.call("PutRolePermissionsBoundary", PutBoundaryInput(userName: nil, roleName: name, permissionsBoundary: boundary), for: request)
            } else {
                let _: EmptyOutput = try await iam.call("DeleteRolePermissionsBoundary", PutBoundaryInput(userName: nil, roleName: name, permissionsBoundary: nil), for: request)
            }
        }
        try await EntityPolicies(type: .role, name: name, iam: iam).apply(new, previous: old, request: request)
        var previous = request
        previous.properties = old
        try await retag(TagEntityInput(roleName: name), wanted: request.iamTags, previous: previous.iamTags, noun: "Role", iam: iam, request: request)
        return ProvisionedResource(physicalID: name, attributes: current.attributes, properties: new)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        try await ignoringMissing {
            try await EntityPolicies(type: .role, name: resource.physicalID, iam: iam).removeAll(resource.properties, request: request)
            let _: EmptyOutput = try await iam.call("DeleteRole", RoleNameInput(roleName: resource.physicalID), for: request)
        }
    }
}
