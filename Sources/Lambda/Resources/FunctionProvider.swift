import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `AWS::Lambda::Function`: a function made through Lambda's own operations as the stack's identity, its code from
/// S3 or inline (`ZipFile` source, packaged as `index.py` as CloudFormation does); `Ref` is its name.
public struct FunctionProvider: ResourceProvider {
    let lambda: StackCaller<LambdaService>

    public init(module: LambdaModule, authorizer: any AuthorizationPort, logger: Logger) {
        lambda = StackCaller(service: module.service, authorizer: authorizer, clock: module.service.clock, logger: logger)
    }

    static let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))
    static let allowedName = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::Lambda::Function",
            properties: ObjectShape([
                "FunctionName": .string, "Runtime": .string, "Role": .string, "Handler": .string, "Description": .string, "Timeout": .integer,
                "MemorySize": .integer, "PackageType": .string, "ReservedConcurrentExecutions": .integer, "Architectures": .list(.string),
                "Code": .object(ObjectShape(["ZipFile": .string, "S3Bucket": .string, "S3Key": .string, "S3ObjectVersion": .string, "ImageUri": .string])),
                "Environment": .object(ObjectShape(["Variables": .map(.string)])), "EphemeralStorage": .object(ObjectShape(["Size": .integer], required: ["Size"])),
                "Tags": .list(Self.tag), "TracingConfig": .json, "LoggingConfig": .json, "Layers": .list(.string), "KmsKeyArn": .string,
            ], required: ["Role", "Code"]),
            createOnlyProperties: ["FunctionName", "PackageType"],
            attributes: ["Arn"]
        )
    }

    func name(for request: ResourceRequest) -> String {
        request.properties["FunctionName"]?.scalarText ?? PhysicalName.generate(for: request, lowercase: false, allowed: Self.allowedName)
    }

    public func plannedPhysicalID(for request: ResourceRequest) -> String? { name(for: request) }

    static func int(_ value: TemplateValue?) -> Int? { value?.scalarText.flatMap { Int($0) } }

    /// The `Code` property as Lambda's `FunctionCode`.
    static func code(_ properties: TemplateValue) -> FunctionCodeShape {
        let code = properties["Code"]
        return FunctionCodeShape(
            zipFile: code?["ZipFile"]?.scalarText.map { Data(InlineCode.package(source: $0)) }, s3Bucket: code?["S3Bucket"]?.scalarText,
            s3Key: code?["S3Key"]?.scalarText, s3ObjectVersion: code?["S3ObjectVersion"]?.scalarText, imageUri: code?["ImageUri"]?.scalarText
        )
    }

    static func environment(_ properties: TemplateValue) -> EnvironmentShape? {
        guard let variables = properties["Environment"]?["Variables"]?.objectValue else { return properties["Environment"] == nil ? nil : EnvironmentShape(variables: [:]) }
        return EnvironmentShape(variables: Dictionary(variables.compactMap { key, value in value.scalarText.map { (key, $0) } }, uniquingKeysWith: { _, last in last }))
    }

    static func tags(_ properties: TemplateValue, _ request: ResourceRequest) -> [String: String] {
        Dictionary(request.tags(declaredIn: properties, includingSystemTags: true).map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let name = name(for: request)
        let created: CreatedFunctionOutput = try await lambda.call("CreateFunction", CreateFunctionInput(
            functionName: name, runtime: properties["Runtime"]?.scalarText, role: properties["Role"]?.scalarText ?? "",
            handler: properties["Handler"]?.scalarText, code: Self.code(properties), description: properties["Description"]?.scalarText,
            timeout: Self.int(properties["Timeout"]), memorySize: Self.int(properties["MemorySize"]), publish: nil,
            packageType: properties["PackageType"]?.scalarText, environment: Self.environment(properties), tags: Self.tags(properties, request),
            architectures: properties["Architectures"]?.arrayValue?.compactMap(\.scalarText),
            ephemeralStorage: Self.int(properties["EphemeralStorage"]?["Size"]).map { EphemeralStorageShape(size: $0) }
        ), for: request)
        if let reserved = Self.int(properties["ReservedConcurrentExecutions"]) {
            let _: ConcurrencyShape = try await lambda.call("PutFunctionConcurrency", PutConcurrencyInput(functionName: name, reservedConcurrentExecutions: reserved), for: request)
        }
        return ProvisionedResource(physicalID: name, attributes: ["Arn": .string(created.configuration.functionArn)], properties: properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let new = request.properties, old = current.properties
        let name = current.physicalID
        if new["Code"] != old["Code"] {
            let code = Self.code(new)
            let _: FunctionConfigurationShape = try await lambda.call("UpdateFunctionCode", UpdateFunctionCodeInput(
                functionName: name, zipFile: code.zipFile, s3Bucket: code.s3Bucket, s3Key: code.s3Key, s3ObjectVersion: code.s3ObjectVersion,
                imageUri: code.imageUri, publish: nil, dryRun: nil, revisionId: nil
            ), for: request)
        }
        let configuration = ["Runtime", "Role", "Handler", "Description", "Timeout", "MemorySize", "Environment", "EphemeralStorage"]
        if configuration.contains(where: { new[$0] != old[$0] }) {
            let _: FunctionConfigurationShape = try await lambda.call("UpdateFunctionConfiguration", UpdateFunctionConfigurationInput(
                functionName: name, role: new["Role"]?.scalarText, handler: new["Handler"]?.scalarText, description: new["Description"]?.scalarText ?? "",
                timeout: Self.int(new["Timeout"]) ?? 3, memorySize: Self.int(new["MemorySize"]) ?? 128,
                environment: Self.environment(new) ?? EnvironmentShape(variables: [:]), runtime: new["Runtime"]?.scalarText, revisionId: nil,
                ephemeralStorage: EphemeralStorageShape(size: Self.int(new["EphemeralStorage"]?["Size"]) ?? 512)
            ), for: request)
        }
        if new["ReservedConcurrentExecutions"] != old["ReservedConcurrentExecutions"] {
            if let reserved = Self.int(new["ReservedConcurrentExecutions"]) {
                let _: ConcurrencyShape = try await lambda.call("PutFunctionConcurrency", PutConcurrencyInput(functionName: name, reservedConcurrentExecutions: reserved), for: request)
            } else {
                let _: NoContentOutput = try await lambda.call("DeleteFunctionConcurrency", FunctionNameInput(functionName: name, qualifier: nil), for: request)
            }
        }
        let arn = current.attributes["Arn"]?.scalarText ?? name
        let change = request.tagChange(from: old, includingSystemTags: true)
        if !change.removed.isEmpty {
            let _: NoContentOutput = try await lambda.call("UntagResource", UntagResourceInput(resource: arn, tagKeys: change.removed), for: request)
        }
        if let tags = change.set {
            let map = Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            let _: NoContentOutput = try await lambda.call("TagResource", TagResourceInput(resource: arn, tags: map), for: request)
        }
        return ProvisionedResource(physicalID: name, attributes: current.attributes, properties: new)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        do {
            let _: NoContentOutput = try await lambda.call("DeleteFunction", FunctionNameInput(functionName: resource.physicalID, qualifier: nil), for: request)
        } catch let error as LambdaError where error.code == "ResourceNotFoundException" {
            return  // already gone
        }
    }
}

/// `AWS::Lambda::Permission`: one statement of a function's resource policy (every property is create-only).
public struct PermissionProvider: ResourceProvider {
    let lambda: StackCaller<LambdaService>

    public init(module: LambdaModule, authorizer: any AuthorizationPort, logger: Logger) {
        lambda = StackCaller(service: module.service, authorizer: authorizer, clock: module.service.clock, logger: logger)
    }

    public var schema: ResourceSchema {
        let properties = ["FunctionName", "Action", "Principal", "SourceArn", "SourceAccount", "EventSourceToken", "PrincipalOrgID", "FunctionUrlAuthType"]
        return ResourceSchema(
            typeName: "AWS::Lambda::Permission",
            properties: ObjectShape(Dictionary(uniqueKeysWithValues: properties.map { ($0, PropertyShape.string) }), required: ["FunctionName", "Action", "Principal"]),
            createOnlyProperties: Set(properties)
        )
    }

    func statementID(for request: ResourceRequest) -> String {
        PhysicalName.generate(for: request, lowercase: false, allowed: FunctionProvider.allowedName)
    }

    public func plannedPhysicalID(for request: ResourceRequest) -> String? { statementID(for: request) }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let sid = statementID(for: request)
        let _: AddPermissionOutput = try await lambda.call("AddPermission", AddPermissionInput(
            functionName: properties["FunctionName"]?.scalarText ?? "", statementId: sid, action: properties["Action"]?.scalarText ?? "",
            principal: properties["Principal"]?.scalarText ?? "", sourceArn: properties["SourceArn"]?.scalarText,
            sourceAccount: properties["SourceAccount"]?.scalarText, eventSourceToken: properties["EventSourceToken"]?.scalarText, qualifier: nil,
            revisionId: nil, principalOrgID: properties["PrincipalOrgID"]?.scalarText
        ), for: request)
        return ProvisionedResource(physicalID: sid, attributes: [:], properties: properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        do {
            let _: NoContentOutput = try await lambda.call("RemovePermission", RemovePermissionInput(
                functionName: resource.properties["FunctionName"]?.scalarText ?? "", statementId: resource.physicalID, qualifier: nil, revisionId: nil
            ), for: request)
        } catch let error as LambdaError where error.code == "ResourceNotFoundException" {
            return  // the statement or its function is gone already
        }
    }
}

/// `AWS::Lambda::Version`: a published version of a function; `Ref` is the version's ARN.
public struct VersionProvider: ResourceProvider {
    let lambda: StackCaller<LambdaService>

    public init(module: LambdaModule, authorizer: any AuthorizationPort, logger: Logger) {
        lambda = StackCaller(service: module.service, authorizer: authorizer, clock: module.service.clock, logger: logger)
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::Lambda::Version",
            properties: ObjectShape(["FunctionName": .string, "Description": .string, "CodeSha256": .string, "ProvisionedConcurrencyConfig": .json], required: ["FunctionName"]),
            createOnlyProperties: ["FunctionName", "Description", "CodeSha256"],
            attributes: ["Version", "FunctionArn"]
        )
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let published: CreatedFunctionOutput = try await lambda.call("PublishVersion", PublishVersionInput(
            functionName: properties["FunctionName"]?.scalarText ?? "", codeSha256: properties["CodeSha256"]?.scalarText,
            description: properties["Description"]?.scalarText, revisionId: nil
        ), for: request)
        let arn = published.configuration.functionArn
        return ProvisionedResource(
            physicalID: arn, attributes: ["Version": .string(published.configuration.version), "FunctionArn": .string(arn)], properties: properties
        )
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        do {
            let _: NoContentOutput = try await lambda.call("DeleteFunction", FunctionNameInput(functionName: resource.physicalID, qualifier: nil), for: request)
        } catch let error as LambdaError where error.code == "ResourceNotFoundException" || error.code == "ResourceConflictException" {
            return  // gone, or still pointed at by an alias the stack does not own
        }
    }
}
