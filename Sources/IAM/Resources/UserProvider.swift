import Logging
import Provisioning
import ServiceKit
import SlipwayCore
import Wire

/// `AWS::IAM::User`: a user with its groups, inline and managed policies, boundary and tags.
public struct UserProvider: ResourceProvider {
    let iam: IAMCalls

    public init(module: IAMModule, logger: Logger) {
        iam = IAMCalls(module: module, logger: logger)
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::IAM::User",
            properties: ObjectShape([
                "UserName": .string, "Path": .string, "Groups": .list(.string), "ManagedPolicyArns": .list(.string), "Policies": .list(RoleProvider.policy),
                "PermissionsBoundary": .string, "Tags": .list(RoleProvider.tag),
            ]),
            createOnlyProperties: ["UserName"],
            attributes: ["Arn"]
        )
    }

    func userName(for request: ResourceRequest) -> String {
        request.properties["UserName"]?.scalarText ?? PhysicalName.generate(for: request, lowercase: false, allowed: iamNameCharacters)
    }

    public func plannedPhysicalID(for request: ResourceRequest) -> String? { userName(for: request) }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let name = userName(for: request)
        let created: UserOutput = try await iam.call("CreateUser", CreateUserInput(
            path: properties["Path"]?.scalarText, userName: name, permissionsBoundary: properties["PermissionsBoundary"]?.scalarText,
            tags: request.iamTags.isEmpty ? nil : request.iamTags
        ), for: request)
        let resource = ProvisionedResource(physicalID: name, attributes: ["Arn": .string(created.user.arn)], properties: properties)
        do {
            try await apply(properties, previous: nil, name: name, request: request)
        } catch {
            try? await delete(resource, request: request)
            throw error
        }
        return resource
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let new = request.properties, old = current.properties, name = current.physicalID
        var attributes = current.attributes
        if new["Path"] != old["Path"] {
            let path = new["Path"]?.scalarText ?? "/"
            let _: EmptyOutput = try await iam.call("UpdateUser", UpdateUserInput(userName: name, newPath: path), for: request)
            attributes["Arn"] = .string("arn:aws:iam::\(request.accountID):user\(path)\(name)")
        }
        if new["PermissionsBoundary"] != old["PermissionsBoundary"] {
            if let boundary = new["PermissionsBoundary"]?.scalarText {
                let _: EmptyOutput = try await iam.call("PutUserPermissionsBoundary", PutBoundaryInput(userName: name, roleName: nil, permissionsBoundary: boundary), for: request)
            } else {
                let _: EmptyOutput = try await iam.call("DeleteUserPermissionsBoundary", PutBoundaryInput(userName: name, roleName: nil, permissionsBoundary: nil), for: request)
            }
        }
        try await apply(new, previous: old, name: name, request: request)
        var previous = request
        previous.properties = old
        try await retag(TagEntityInput(userName: name), wanted: request.iamTags, previous: previous.iamTags, noun: "User", iam: iam, request: request)
        return ProvisionedResource(physicalID: name, attributes: attributes, properties: new)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        try await ignoringMissing {
            try await apply(nil, previous: resource.properties, name: resource.physicalID, request: request)
            let _: EmptyOutput = try await iam.call("DeleteUser", UserNameInput(userName: resource.physicalID), for: request)
        }
    }

    /// Group memberships and policies changed from `previous` to `properties`.
    func apply(_ properties: TemplateValue?, previous: TemplateValue?, name: String, request: ResourceRequest) async throws {
        let groups = properties?["Groups"]?.textItems ?? [], had = previous?["Groups"]?.textItems ?? []
        for group in groups where !had.contains(group) {
            let _: EmptyOutput = try await iam.call("AddUserToGroup", GroupMembershipInput(groupName: group, userName: name), for: request)
        }
        for group in had where !groups.contains(group) {
            try await ignoringMissing { let _: EmptyOutput = try await iam.call("RemoveUserFromGroup", GroupMembershipInput(groupName: group, userName: name), for: request) }
        }
        try await EntityPolicies(type: .user, name: name, iam: iam).apply(properties, previous: previous, request: request)
    }
}
