import OrderedCollections

/// What a resource type accepts and offers, as its provider declares it: property shapes, which properties are
/// required, which can only be set at creation (changing them replaces the resource), which are read-only, the
/// primary identifier (`Ref`) and the `Fn::GetAtt` attributes.
public struct ResourceSchema: Sendable, Hashable {
    public var typeName: String
    public var properties: ObjectShape
    public var createOnlyProperties: Set<String>
    public var readOnlyProperties: Set<String>
    public var attributes: Set<String>

    public init(typeName: String, properties: ObjectShape, createOnlyProperties: Set<String> = [], readOnlyProperties: Set<String> = [], attributes: Set<String> = []) {
        self.typeName = typeName
        self.properties = properties
        self.createOnlyProperties = createOnlyProperties
        self.readOnlyProperties = readOnlyProperties
        self.attributes = attributes
    }
}

/// The shape of an object property: its members, which are required, and whether other keys are allowed.
public struct ObjectShape: Sendable, Hashable {
    public var members: [String: PropertyShape]
    public var required: Set<String>
    public var allowsOtherKeys: Bool

    public init(_ members: [String: PropertyShape], required: Set<String> = [], allowsOtherKeys: Bool = false) {
        self.members = members
        self.required = required
        self.allowsOtherKeys = allowsOtherKeys
    }
}

/// The shape of one property value.
public indirect enum PropertyShape: Sendable, Hashable {
    case string
    case integer
    case number
    case boolean
    /// Any JSON (policy documents and the like).
    case json
    case list(PropertyShape)
    /// String keys, values of one shape (tags as a map, environment variables).
    case map(PropertyShape)
    case object(ObjectShape)
}

extension ResourceSchema {
    /// Checks a resource's properties against the schema, with CloudFormation's schema-validation wording.
    /// Intrinsic functions are accepted wherever a value may go (their result is checked once resolved).
    public func validate(_ properties: TemplateValue?, logicalID: String) throws(TemplateError) {
        var problems: [String] = []
        PropertyValidator.check(properties ?? .object([:]), against: .object(self.properties), path: "#", problems: &problems)
        for name in readOnlyProperties.sorted() where properties?[name] != nil && !problems.contains("#: extraneous key [\(name)] is not permitted") {
            problems.append("#: extraneous key [\(name)] is not permitted")
        }
        if !problems.isEmpty {
            throw TemplateError("Properties validation failed for resource \(logicalID) with message: [\(problems.joined(separator: ", "))]")
        }
    }
}

/// Walks a value against a shape, collecting problems in CloudFormation's words (`#/Path: …`).
enum PropertyValidator {
    static func check(_ value: TemplateValue, against shape: PropertyShape, path: String, problems: inout [String]) {
        if value.isIntrinsicFunction { return }
        switch shape {
        case .json:
            return
        case .string:
            guard value.scalarText != nil else { return mismatch("String", value, path, &problems) }
        case .integer:
            guard let text = value.scalarText, Int(text) != nil else { return mismatch("Integer", value, path, &problems) }
        case .number:
            guard let text = value.scalarText, Double(text) != nil else { return mismatch("Number", value, path, &problems) }
        case .boolean:
            guard value.boolValue != nil || ["true", "false"].contains(value.stringValue?.lowercased() ?? "") else {
                return mismatch("Boolean", value, path, &problems)
            }
        case .list(let item):
            guard let items = value.arrayValue else { return mismatch("JSONArray", value, path, &problems) }
            for (index, element) in items.enumerated() { check(element, against: item, path: "\(path)/\(index)", problems: &problems) }
        case .map(let item):
            guard let members = value.objectValue else { return mismatch("JSONObject", value, path, &problems) }
            for (key, member) in members { check(member, against: item, path: "\(path)/\(key)", problems: &problems) }
        case .object(let object):
            guard let members = value.objectValue else { return mismatch("JSONObject", value, path, &problems) }
            for name in object.required.sorted() where members[name] == nil {
                problems.append("\(path): required key [\(name)] not found")
            }
            for (key, member) in members {
                if let memberShape = object.members[key] {
                    check(member, against: memberShape, path: "\(path)/\(key)", problems: &problems)
                } else if !object.allowsOtherKeys {
                    problems.append("\(path): extraneous key [\(key)] is not permitted")
                }
            }
        }
    }

    private static func mismatch(_ expected: String, _ value: TemplateValue, _ path: String, _ problems: inout [String]) {
        let found = switch value {
        case .null: "Null"
        case .bool: "Boolean"
        case .number: "Number"
        case .string: "String"
        case .array: "JSONArray"
        case .object: "JSONObject"
        }
        problems.append("\(path): expected type: \(expected), found: \(found)")
    }
}

