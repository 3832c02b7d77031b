import Logging
import Provisioning
import ServiceKit
import SlipwayCore
import Wire

/// `AWS::IAM::ManagedPolicy`: a customer managed policy attached to the roles, users and groups it names; a new
/// document becomes its new default version.
public struct ManagedPolicyProvider: ResourceProvider {
    let iam: IAMCalls

    public init(module: IAMModule, logger: Logger) {
        iam = IAMCalls(module: module, logger: logger)
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::IAM::ManagedPolicy",
            properties: ObjectShape([
                "ManagedPolicyName": .string, "Description": .string, "Path": .string, "PolicyDocument": .json,
                "Roles": .list(.string), "Users": .list(.string), "Groups": .list(.string),
            ], required: ["PolicyDocument"]),
            createOnlyProperties: ["ManagedPolicyName", "Description", "Path"],
            attributes: ["PolicyArn", "PolicyId", "DefaultVersionId"]
        )
    }

    public func plannedPhysicalID(for request: ResourceRequest) -> String? {
        "arn:aws:iam::\(request.accountID):policy\(request.properties["Path"]?.scalarText ?? "/")\(policyName(for: request))"
    }

    func policyName(for request: ResourceRequest) -> String {
        request.properties["ManagedPolicyName"]?.scalarText ?? PhysicalName.generate(for: request, lowercase: false, allowed: iamNameCharacters)
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let created: PolicyOutput = try await iam.call("CreatePolicy", CreatePolicyInput(
            policyName: policyName(for: request), path: properties["Path"]?.scalarText, policyDocument: properties["PolicyDocument"]?.policyText ?? "",
            description: properties["Description"]?.scalarText
        ), for: request)
        let arn = created.policy.arn
        let resource = ProvisionedResource(physicalID: arn, attributes: [
            "PolicyArn": .string(arn), "PolicyId": .string(created.policy.policyId), "DefaultVersionId": .string(created.policy.defaultVersionId),
        ], properties: properties)
        do {
            try await attach(properties, previous: nil, arn: arn, request: request)
        } catch {
            try? await delete(resource, request: request)
            throw error
        }
        return resource
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        var attributes = current.attributes
        let arn = current.physicalID
        if request.properties["PolicyDocument"] != current.properties["PolicyDocument"] {
            let versions: ListPolicyVersionsOutput = try await iam.call("ListPolicyVersions", PolicyArnInput(policyArn: arn), for: request)
            if versions.versions.count >= 5, let oldest = versions.versions.filter({ !$0.isDefaultVersion }).min(by: { $0.createDate < $1.createDate }) {
                let _: EmptyOutput = try await iam.call("DeletePolicyVersion", PolicyVersionInput(policyArn: arn, versionId: oldest.versionId), for: request)
            }
            let version: PolicyVersionOutput = try await iam.call("CreatePolicyVersion", CreatePolicyVersionInput(
                policyArn: arn, policyDocument: request.properties["PolicyDocument"]?.policyText ?? "", setAsDefault: true
            ), for: request)
            attributes["DefaultVersionId"] = .string(version.policyVersion.versionId)
        }
        try await attach(request.properties, previous: current.properties, arn: arn, request: request)
        return ProvisionedResource(physicalID: arn, attributes: attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        let arn = resource.physicalID
        try await ignoringMissing {
            try await attach(nil, previous: resource.properties, arn: arn, request: request)
            let versions: ListPolicyVersionsOutput = try await iam.call("ListPolicyVersions", PolicyArnInput(policyArn: arn), for: request)
            for version in versions.versions where !version.isDefaultVersion {
                let _: EmptyOutput = try await iam.call("DeletePolicyVersion", PolicyVersionInput(policyArn: arn, versionId: version.versionId), for: request)
            }
            let _: EmptyOutput = try await iam.call("DeletePolicy", PolicyArnInput(policyArn: arn), for: request)
        }
    }

    /// Attaches the policy to the entities `properties` names and detaches it from those only `previous` named.
    func attach(_ properties: TemplateValue?, previous: TemplateValue?, arn: String, request: ResourceRequest) async throws {
        let wanted = PolicyProvider.entities(properties), had = PolicyProvider.entities(previous)
        for (type, entity) in wanted where !had.contains(where: { $0 == (type, entity) }) {
            let input = EntityPolicies(type: type, name: entity, iam: iam).input(arn: arn)
            let _: EmptyOutput = try await iam.call("Attach\(type.rawValue.capitalized)Policy", input, for: request)
        }
        for (type, entity) in had where !wanted.contains(where: { $0 == (type, entity) }) {
            let input = EntityPolicies(type: type, name: entity, iam: iam).input(arn: arn)
            try await ignoringMissing { let _: EmptyOutput = try await iam.call("Detach\(type.rawValue.capitalized)Policy", input, for: request) }
        }
    }
}
