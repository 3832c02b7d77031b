import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `AWS::SecretsManager::Secret`: a secret made through Secrets Manager's own operations as the stack's identity;
/// `GenerateSecretString` makes its value here, so the value never appears in the template or the stack's records.
public struct SecretProvider: ResourceProvider {
    let secrets: StackCaller<SecretsManagerService>

    public init(module: SecretsManagerModule, authorizer: any AuthorizationPort, logger: Logger) {
        secrets = StackCaller(service: module.service, authorizer: authorizer, clock: module.service.clock, logger: logger)
    }

    static let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::SecretsManager::Secret",
            properties: ObjectShape([
                "Name": .string, "Description": .string, "SecretString": .string, "KmsKeyId": .string, "Tags": .list(Self.tag),
                "GenerateSecretString": .object(ObjectShape([
                    "ExcludeCharacters": .string, "ExcludeLowercase": .boolean, "ExcludeNumbers": .boolean, "ExcludePunctuation": .boolean,
                    "ExcludeUppercase": .boolean, "GenerateStringKey": .string, "IncludeSpace": .boolean, "PasswordLength": .integer,
                    "RequireEachIncludedType": .boolean, "SecretStringTemplate": .string,
                ])),
            ]),
            createOnlyProperties: ["Name"],
            attributes: ["Id"]
        )
    }

    func name(for request: ResourceRequest) -> String {
        request.properties["Name"]?.scalarText
            ?? PhysicalName.generate(for: request, lowercase: false, allowed: Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"))
    }

    /// The value the properties ask for: as given, or generated (into a JSON template's key when one is named).
    static func value(_ properties: TemplateValue) throws -> String? {
        if let given = properties["SecretString"]?.scalarText { return given }
        guard let generate = properties["GenerateSecretString"] else { return nil }
        func flag(_ key: String) -> Bool? { generate[key]?.scalarText.map { $0 == "true" } }
        let password = try PasswordGenerator.generate(GetRandomPasswordInput(
            passwordLength: generate["PasswordLength"]?.scalarText.flatMap { Int($0) }, excludeCharacters: generate["ExcludeCharacters"]?.scalarText,
            excludeNumbers: flag("ExcludeNumbers"), excludePunctuation: flag("ExcludePunctuation"), excludeUppercase: flag("ExcludeUppercase"),
            excludeLowercase: flag("ExcludeLowercase"), includeSpace: flag("IncludeSpace"), requireEachIncludedType: flag("RequireEachIncludedType")
        ))
        guard let template = generate["SecretStringTemplate"]?.scalarText, let key = generate["GenerateStringKey"]?.scalarText else { return password }
        guard var object = (try? JSONSerialization.jsonObject(with: Data(template.utf8))) as? [String: Any] else {
            throw SecretsError.invalidParameter("SecretStringTemplate must be a JSON object.")
        }
        object[key] = password
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    static func tags(_ properties: TemplateValue, _ request: ResourceRequest) -> [TagShape] {
        request.tags(declaredIn: properties, includingSystemTags: false).map { TagShape(key: $0.key, value: $0.value) }
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let created: SecretVersionOutput = try await secrets.call("CreateSecret", CreateSecretInput(
            name: name(for: request), description: properties["Description"]?.scalarText, kmsKeyId: properties["KmsKeyId"]?.scalarText,
            secretString: try Self.value(properties), tags: Self.tags(properties, request)
        ), for: request)
        return ProvisionedResource(physicalID: created.arn, attributes: ["Id": .string(created.arn)], properties: properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let new = request.properties, old = current.properties
        let valueChanged = new["SecretString"] != old["SecretString"] || new["GenerateSecretString"] != old["GenerateSecretString"]
        if valueChanged || new["Description"] != old["Description"] || new["KmsKeyId"] != old["KmsKeyId"] {
            let _: SecretVersionOutput = try await secrets.call("UpdateSecret", UpdateSecretInput(
                secretId: current.physicalID, description: new["Description"]?.scalarText ?? "", kmsKeyId: new["KmsKeyId"]?.scalarText,
                secretString: valueChanged ? try Self.value(new) : nil
            ), for: request)
        }
        let change = request.tagChange(from: old, includingSystemTags: false)
        if !change.removed.isEmpty {
            let _: EmptyShape = try await secrets.call("UntagResource", UntagResourceInput(secretId: current.physicalID, tagKeys: change.removed), for: request)
        }
        if let tags = change.set {
            let _: EmptyShape = try await secrets.call("TagResource", TagResourceInput(secretId: current.physicalID, tags: tags.map { TagShape(key: $0.key, value: $0.value) }), for: request)
        }
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: new)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        do {
            let _: DeleteSecretOutput = try await secrets.call("DeleteSecret", DeleteSecretInput(secretId: resource.physicalID, forceDeleteWithoutRecovery: true), for: request)
        } catch let error as SecretsError where error.code == "ResourceNotFoundException" {
            return  // already gone
        }
    }
}
