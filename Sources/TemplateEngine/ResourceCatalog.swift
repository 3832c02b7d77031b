import OrderedCollections
import Provisioning

/// The resource types a server provides, by name; templates naming any other type are refused.
public struct ResourceCatalog: Sendable {
    public let schemas: [String: ResourceSchema]

    public init(_ schemas: [ResourceSchema]) {
        self.schemas = Dictionary(schemas.map { ($0.typeName, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The type custom resources are provided as; `Custom::Name` types are custom resources too.
    public static let customResourceType = "AWS::CloudFormation::CustomResource"

    /// Whether `type` names a custom resource (`Custom::` and 1 to 60 letters, digits and `_@-`).
    public static func isCustom(_ type: String) -> Bool {
        guard type.hasPrefix("Custom::") else { return false }
        let name = type.dropFirst("Custom::".count)
        return (1...60).contains(name.count) && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_@-".contains($0)) }
    }

    /// The schema of `type`, custom resources included.
    public func schema(for type: String) -> ResourceSchema? {
        schemas[type] ?? (Self.isCustom(type) ? schemas[Self.customResourceType] : nil)
    }

    /// Every resource has a known type and properties its schema accepts.
    public func validate(_ template: Template) throws(TemplateError) {
        var unknown: [String] = []
        for resource in template.resources.values where schema(for: resource.type) == nil && !unknown.contains(resource.type) {
            unknown.append(resource.type)
        }
        if !unknown.isEmpty { throw .format("Unrecognized resource types: [\(unknown.joined(separator: ", "))]") }
        for resource in template.resources.values {
            try schema(for: resource.type)?.validate(resource.properties, logicalID: resource.logicalID)
        }
    }

    /// The capabilities creating the template needs: IAM resources need `CAPABILITY_IAM`, named ones
    /// `CAPABILITY_NAMED_IAM`; with the reason CloudFormation gives.
    public static func requiredCapabilities(_ template: Template) -> (capabilities: [String], reason: String?) {
        let iamTypes: [String: String?] = [
            "AWS::IAM::Role": "RoleName", "AWS::IAM::User": "UserName", "AWS::IAM::Group": "GroupName",
            "AWS::IAM::ManagedPolicy": "ManagedPolicyName", "AWS::IAM::InstanceProfile": "InstanceProfileName",
            "AWS::IAM::Policy": nil, "AWS::IAM::AccessKey": nil, "AWS::IAM::UserToGroupAddition": nil,
        ]
        var types: [String] = []
        var named = false
        for resource in template.resources.values {
            guard let nameProperty = iamTypes[resource.type] else { continue }
            if !types.contains(resource.type) { types.append(resource.type) }
            if let nameProperty, resource.properties?[nameProperty] != nil { named = true }
        }
        guard !types.isEmpty else { return ([], nil) }
        return ([named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM"], "The following resource(s) require capabilities: [\(types.joined(separator: ", "))]")
    }
}
