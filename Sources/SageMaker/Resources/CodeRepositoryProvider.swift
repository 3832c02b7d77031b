import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `AWS::SageMaker::CodeRepository`: a git repository registered with SageMaker through its own operations as the
/// stack's identity; `Ref` is its ARN, `CodeRepositoryName` its name.
public struct CodeRepositoryProvider: ResourceProvider {
    let calls: SageMakerCalls

    public init(reference: SageMakerReference, authorizer: any AuthorizationPort, logger: Logger) {
        calls = SageMakerCalls(reference: reference, authorizer: authorizer, logger: logger)
    }

    var sagemaker: StackCaller<SageMakerService> { get throws { try calls.caller } }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::SageMaker::CodeRepository",
            properties: ObjectShape([
                "CodeRepositoryName": .string,
                "GitConfig": .object(ObjectShape(["RepositoryUrl": .string, "Branch": .string, "SecretArn": .string], required: ["RepositoryUrl"])),
                "Tags": .list(.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))),
            ], required: ["GitConfig"]),
            createOnlyProperties: ["CodeRepositoryName"],
            attributes: ["CodeRepositoryName"]
        )
    }

    func name(for request: ResourceRequest) -> String {
        request.properties["CodeRepositoryName"]?.scalarText
            ?? String(PhysicalName.generate(for: request, lowercase: false, allowed: Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-")).prefix(63))
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties, git = properties["GitConfig"]
        let name = name(for: request)
        let created: CodeRepositoryArnOutput = try await sagemaker.call("CreateCodeRepository", CreateCodeRepositoryInput(
            codeRepositoryName: name,
            gitConfig: GitConfigShape(repositoryUrl: git?["RepositoryUrl"]?.scalarText ?? "", branch: git?["Branch"]?.scalarText, secretArn: git?["SecretArn"]?.scalarText),
            tags: ModelPackageGroupProvider.tags(properties, request)
        ), for: request)
        return ProvisionedResource(physicalID: created.codeRepositoryArn, attributes: ["CodeRepositoryName": .string(name)], properties: properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let name = current.attributes["CodeRepositoryName"]?.scalarText ?? ""
        let git = request.properties["GitConfig"], before = current.properties["GitConfig"]
        guard git?["RepositoryUrl"] == before?["RepositoryUrl"], git?["Branch"] == before?["Branch"] else {
            throw SageMakerError.validation("A code repository's RepositoryUrl and Branch cannot change; give it a new CodeRepositoryName to replace it")
        }
        if git?["SecretArn"] != before?["SecretArn"] {
            let _: CodeRepositoryArnOutput = try await sagemaker.call("UpdateCodeRepository", UpdateCodeRepositoryInput(
                codeRepositoryName: name, gitConfig: GitConfigForUpdateShape(secretArn: git?["SecretArn"]?.scalarText)
            ), for: request)
        }
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        let name = resource.attributes["CodeRepositoryName"]?.scalarText ?? String(resource.physicalID.split(separator: "/").last ?? "")
        do {
            let _: EmptyShape = try await sagemaker.call("DeleteCodeRepository", CodeRepositoryNameInput(codeRepositoryName: name), for: request)
        } catch let error as SageMakerError where error.message.hasPrefix("Cannot find CodeRepository") {
            return  // already gone
        }
    }
}
