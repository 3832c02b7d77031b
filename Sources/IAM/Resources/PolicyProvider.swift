import Logging
import Provisioning
import ServiceKit
import SlipwayCore
import Wire

/// `AWS::IAM::Policy`: one inline policy put on each of the roles, users and groups it names.
public struct PolicyProvider: ResourceProvider {
    let iam: IAMCalls

    public init(module: IAMModule, logger: Logger) {
        iam = IAMCalls(module: module, logger: logger)
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::IAM::Policy",
            properties: ObjectShape([
                "PolicyName": .string, "PolicyDocument": .json, "Roles": .list(.string), "Users": .list(.string), "Groups": .list(.string),
            ], required: ["PolicyName", "PolicyDocument"])
        )
    }

    /// Each entity the properties name, with its type.
    static func entities(_ properties: TemplateValue?) -> [(EntityType, String)] {
        (properties?["Roles"]?.textItems ?? []).map { (.role, $0) } + (properties?["Users"]?.textItems ?? []).map { (.user, $0) }
            + (properties?["Groups"]?.textItems ?? []).map { (.group, $0) }
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        guard !Self.entities(request.properties).isEmpty else {
            throw IAMError.validation("At least one of [Groups,Roles,Users] must be non-empty.")
        }
        let resource = ProvisionedResource(
            physicalID: PhysicalName.generate(for: request, lowercase: false, allowed: iamNameCharacters), attributes: [:], properties: request.properties
        )
        do {
            try await put(request.properties, replacing: nil, request: request)
        } catch {
            try? await delete(resource, request: request)
            throw error
        }
        return resource
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        guard !Self.entities(request.properties).isEmpty else {
            throw IAMError.validation("At least one of [Groups,Roles,Users] must be non-empty.")
        }
        try await put(request.properties, replacing: current.properties, request: request)
        return ProvisionedResource(physicalID: current.physicalID, attributes: [:], properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        try await put(nil, replacing: resource.properties, request: request)
    }

    /// Puts the policy on every entity `properties` names and takes `previous`'s off the ones it no longer names
    /// (or all of them, when the policy's name changed).
    func put(_ properties: TemplateValue?, replacing previous: TemplateValue?, request: ResourceRequest) async throws {
        let name = properties?["PolicyName"]?.scalarText, oldName = previous?["PolicyName"]?.scalarText
        let document = properties?["PolicyDocument"]?.policyText
        let wanted = Self.entities(properties), had = Self.entities(previous)
        for (type, entity) in wanted {
            let unchanged = name == oldName && document == previous?["PolicyDocument"]?.policyText && had.contains { $0 == (type, entity) }
            guard let name, let document, !unchanged else { continue }
            let policies = EntityPolicies(type: type, name: entity, iam: iam)
            let _: EmptyOutput = try await iam.call("Put\(type.rawValue.capitalized)Policy", policies.input(policyName: name, document: document), for: request)
        }
        for (type, entity) in had where name != oldName || !wanted.contains(where: { $0 == (type, entity) }) {
            guard let oldName else { continue }
            let policies = EntityPolicies(type: type, name: entity, iam: iam)
            try await ignoringMissing {
                let _: EmptyOutput = try await iam.call("Delete\(type.rawValue.capitalized)Policy", policies.input(policyName: oldName), for: request)
            }
        }
    }
}
