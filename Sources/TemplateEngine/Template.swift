import Provisioning
import OrderedCollections

/// A template's sections, read and checked the way CloudFormation's `ValidateTemplate` does before anything runs.
public struct Template: Sendable {
    public var formatVersion: String?
    public var description: String?
    public var metadata: TemplateValue?
    public var transforms: [String]
    public var parameters: OrderedDictionary<String, ParameterDeclaration>
    public var rules: TemplateValue?
    public var mappings: OrderedDictionary<String, TemplateValue>
    public var conditions: OrderedDictionary<String, TemplateValue>
    public var resources: OrderedDictionary<String, ResourceDeclaration>
    public var outputs: OrderedDictionary<String, OutputDeclaration>

    static let sections: Set<String> = [
        "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Transform",
        "Resources", "Outputs",
    ]
    /// CloudFormation's limits on one template.
    public static let maximumResources = 500
    public static let maximumParameters = 200
    public static let maximumOutputs = 200
    /// The transforms Slipway runs; any other is refused by name.
    public static let supportedTransforms: Set<String> = ["AWS::LanguageExtensions"]

    /// Parses and checks template text.
    public static func load(_ text: String) throws(TemplateError) -> Template {
        try Template(TemplateParser.parse(text))
    }

    public init(_ value: TemplateValue) throws(TemplateError) {
        guard let root = value.objectValue else { throw .format("unsupported structure.") }
        let unknown = root.keys.filter { !Self.sections.contains($0) }
        if !unknown.isEmpty { throw .format("Invalid template property or properties [\(unknown.joined(separator: ", "))]") }

        if let version = root["AWSTemplateFormatVersion"] {
            guard version.scalarText == "2010-09-09" else {
                throw .format("Unsupported template format version \(version.scalarText ?? "(not a string)"); the only version is 2010-09-09")
            }
            formatVersion = "2010-09-09"
        }
        if let text = root["Description"] {
            guard let description = text.stringValue else { throw .format("Every Description member must be a string.") }
            guard description.utf8.count <= 1024 else { throw .format("Description must be no longer than 1024 bytes.") }
            self.description = description
        }
        metadata = root["Metadata"]
        rules = root["Rules"]
        transforms = try Self.transforms(root["Transform"])

        parameters = try Self.entries(root["Parameters"], section: "Parameters", noun: "Parameter", maximum: Self.maximumParameters) { name, value throws(TemplateError) in
            try ParameterDeclaration(name: name, value)
        }
        mappings = try Self.section(root["Mappings"], "Mappings")
        conditions = try Self.section(root["Conditions"], "Conditions")
        guard let resourceSection = root["Resources"], resourceSection.objectValue?.isEmpty != true else {
            throw .format("At least one Resources member must be defined.")
        }
        resources = try Self.entries(resourceSection, section: "Resources", noun: "Resource", maximum: Self.maximumResources) { name, value throws(TemplateError) in
            try ResourceDeclaration(logicalID: name, value)
        }
        outputs = try Self.entries(root["Outputs"], section: "Outputs", noun: "Output", maximum: Self.maximumOutputs) { name, value throws(TemplateError) in
            try OutputDeclaration(name: name, value)
        }
        try checkReferences()
    }

    /// Every name a `DependsOn` or a resource `Condition` uses must be declared.
    private func checkReferences() throws(TemplateError) {
        var unresolved: [String] = []
        for resource in resources.values {
            for dependency in resource.dependsOn where resources[dependency] == nil && !unresolved.contains(dependency) {
                unresolved.append(dependency)
            }
        }
        if !unresolved.isEmpty {
            throw .format("Unresolved resource dependencies [\(unresolved.joined(separator: ", "))] in the Resources block of the template")
        }
        for resource in resources.values {
            if let condition = resource.condition, conditions[condition] == nil {
                throw .format("Unresolved condition dependency \(condition) in the Resources block of the template")
            }
        }
        for output in outputs.values {
            if let condition = output.condition, conditions[condition] == nil {
                throw .format("Unresolved condition dependency \(condition) in the Outputs block of the template")
            }
        }
    }

    private static func transforms(_ value: TemplateValue?) throws(TemplateError) -> [String] {
        guard let value else { return [] }
        let names: [String]
        switch value {
        case .string(let name): names = [name]
        case .array(let items): names = items.compactMap(\.stringValue)
        default: throw .format("Every Transform member must be a string or a list of strings.")
        }
        if let unsupported = names.first(where: { !supportedTransforms.contains($0) }) {
            throw TemplateError("Transform \(unsupported) is not supported by Slipway; the supported transform is AWS::LanguageExtensions")
        }
        return names
    }

    /// A section of named declarations: an object, within CloudFormation's limit, with alphanumeric names.
    private static func entries<Declaration>(
        _ value: TemplateValue?, section: String, noun: String, maximum: Int,
        _ declare: (String, TemplateValue) throws(TemplateError) -> Declaration
    ) throws(TemplateError) -> OrderedDictionary<String, Declaration> {
        guard let value else { return [:] }
        guard let members = value.objectValue else { throw .format("Every \(section) member must be an object.") }
        guard members.count <= maximum else {
            throw .format("Number of \(section.lowercased()), \(members.count), is greater than maximum allowed, \(maximum)")
        }
        var declarations = OrderedDictionary<String, Declaration>()
        for (name, member) in members {
            guard isAlphanumeric(name) else { throw .format("\(noun) name \(name) is non alphanumeric.") }
            declarations[name] = try declare(name, member)
        }
        return declarations
    }

    private static func section(_ value: TemplateValue?, _ name: String) throws(TemplateError) -> OrderedDictionary<String, TemplateValue> {
        guard let value else { return [:] }
        guard let members = value.objectValue else { throw .format("Every \(name) member must be an object.") }
        for key in members.keys where !isAlphanumeric(key) {
            throw .format("\(name) name \(key) is non alphanumeric.")
        }
        return members
    }

    static func isAlphanumeric(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
    }
}

/// One entry of `Resources`: its type, properties and the attributes CloudFormation defines for every resource.
public struct ResourceDeclaration: Sendable, Hashable {
    public var logicalID: String
    public var type: String
    public var properties: TemplateValue?
    public var dependsOn: [String]
    public var condition: String?
    public var deletionPolicy: String
    public var updateReplacePolicy: String
    public var metadata: TemplateValue?

    static let attributes: Set<String> = [
        "Type", "Properties", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy",
    ]
    static let policies: Set<String> = ["Delete", "Retain", "RetainExceptOnCreate", "Snapshot"]

    init(logicalID: String, _ value: TemplateValue) throws(TemplateError) {
        guard let members = value.objectValue else { throw .format("[/Resources/\(logicalID)] Every Resources object must contain a Type member.") }
        if let unknown = members.keys.first(where: { !Self.attributes.contains($0) }) {
            throw .format("Invalid template resource property '\(unknown)'")
        }
        guard let typeValue = members["Type"] else { throw .format("[/Resources/\(logicalID)] Every Resources object must contain a Type member.") }
        guard let type = typeValue.stringValue else { throw .format("[/Resources/\(logicalID)/Type] Every Type member must be a string.") }
        self.logicalID = logicalID
        self.type = type
        properties = members["Properties"]
        if let properties, properties.objectValue == nil {
            throw .format("[/Resources/\(logicalID)/Properties] Every Properties member must be an object.")
        }
        switch members["DependsOn"] {
        case nil: dependsOn = []
        case .string(let name)?: dependsOn = [name]
        case .array(let items)?:
            dependsOn = try items.map { item throws(TemplateError) in
                guard let name = item.stringValue else { throw .format("[/Resources/\(logicalID)/DependsOn] DependsOn must be a string or a list of strings.") }
                return name
            }
        default: throw .format("[/Resources/\(logicalID)/DependsOn] DependsOn must be a string or a list of strings.")
        }
        if let value = members["Condition"] {
            guard let name = value.stringValue else { throw .format("[/Resources/\(logicalID)/Condition] Every Condition member must be a string.") }
            condition = name
        }
        deletionPolicy = try Self.policy(members["DeletionPolicy"], "DeletionPolicy", logicalID)
        updateReplacePolicy = try Self.policy(members["UpdateReplacePolicy"], "UpdateReplacePolicy", logicalID)
        metadata = members["Metadata"]
    }

    private static func policy(_ value: TemplateValue?, _ attribute: String, _ logicalID: String) throws(TemplateError) -> String {
        guard let value else { return "Delete" }
        guard let name = value.stringValue, policies.contains(name) else {
            throw .format("Unrecognized \(attribute) \(value.scalarText ?? "(not a string)") for resource \(logicalID)")
        }
        return name
    }
}

/// One entry of `Outputs`.
public struct OutputDeclaration: Sendable, Hashable {
    public var name: String
    public var value: TemplateValue
    public var description: String?
    public var exportName: TemplateValue?
    public var condition: String?

    static let attributes: Set<String> = ["Value", "Description", "Export", "Condition"]

    init(name: String, _ declaration: TemplateValue) throws(TemplateError) {
        guard let members = declaration.objectValue, let value = members["Value"] else {
            throw .format("Every Outputs member must contain a Value object")
        }
        if let unknown = members.keys.first(where: { !Self.attributes.contains($0) }) {
            throw .format("Invalid template output property '\(unknown)'")
        }
        self.name = name
        self.value = value
        description = members["Description"]?.stringValue
        if let export = members["Export"] {
            guard let exportName = export["Name"] else { throw .format("Every Export member must contain a Name member.") }
            self.exportName = exportName
        }
        if let condition = members["Condition"] {
            guard let conditionName = condition.stringValue else { throw .format("Every Condition member must be a string.") }
            self.condition = conditionName
        }
    }
}
