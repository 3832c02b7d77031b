import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore

/// `AWS::CodeCommit::Repository`: a repository made through CodeCommit's own operations as the stack's identity, its
/// `Code.S3` zip (read as that identity) committed as the first commit on `Code.BranchName` (default `main`). `Ref`
/// is the repository's id, as on AWS; `Code` is only read at creation.
public struct RepositoryProvider: ResourceProvider {
    let repositories: StackCaller<CodeCommitService>
    let module: GitModule
    let objects: any ObjectPort
    let clock: any WallClock
    let logger: Logger

    /// CloudFormation's limit on a `Code` archive.
    static let maxCodeBytes = 20 * 1024 * 1024

    public init(module: GitModule, objects: any ObjectPort, authorizer: any AuthorizationPort, clock: any WallClock, logger: Logger) {
        repositories = StackCaller(service: module.service, authorizer: authorizer, clock: clock, logger: logger)
        self.module = module
        self.objects = objects
        self.clock = clock
        self.logger = logger
    }

    static let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::CodeCommit::Repository",
            properties: ObjectShape([
                "RepositoryName": .string, "RepositoryDescription": .string, "KmsKeyId": .string, "Tags": .list(Self.tag),
                "Code": .object(ObjectShape([
                    "S3": .object(ObjectShape(["Bucket": .string, "Key": .string, "ObjectVersion": .string], required: ["Bucket", "Key"])),
                    "BranchName": .string,
                ], required: ["S3"])),
            ], required: ["RepositoryName"]),
            createOnlyProperties: ["RepositoryName"],
            attributes: ["Arn", "CloneUrlHttp", "CloneUrlSsh", "Name", "KmsKeyId"]
        )
    }

    static func tags(_ properties: TemplateValue, _ request: ResourceRequest) -> [String: String] {
        Dictionary(request.tags(declaredIn: properties, includingSystemTags: false).map { ($0.key, $0.value) }) { _, last in last }
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let properties = request.properties
        let name = properties["RepositoryName"]?.scalarText
        let created: RepositoryMetadataOutput = try await repositories.call("CreateRepository", CreateRepositoryInput(
            repositoryName: name ?? "", repositoryDescription: properties["RepositoryDescription"]?.scalarText,
            tags: Self.tags(properties, request), kmsKeyId: properties["KmsKeyId"]?.scalarText
        ), for: request)
        let metadata = created.repositoryMetadata
        if let code = properties["Code"], let bucket = code["S3"]?["Bucket"]?.scalarText, let key = code["S3"]?["Key"]?.scalarText {
            do {
                let context = try ServiceContext.stack(request, clock: clock, logger: logger)
                let zip = try await objects.read(
                    ObjectLocation(bucket: bucket, key: key, versionID: code["S3"]?["ObjectVersion"]?.scalarText), context: context, limit: Self.maxCodeBytes
                ).bytes
                try await module.seed(repositoryName: metadata.repositoryName, zip: zip, branch: code["BranchName"]?.scalarText ?? "main", context: context)
            } catch {
                // The repository stays only if its code went in: a failed create leaves nothing behind.
                let _: DeleteRepositoryOutput? = try? await repositories.call("DeleteRepository", RepositoryNameInput(repositoryName: metadata.repositoryName), for: request)
                throw error
            }
        }
        return ProvisionedResource(physicalID: metadata.repositoryId, attributes: Self.attributes(metadata), properties: properties)
    }

    static func attributes(_ metadata: RepositoryMetadata) -> [String: TemplateValue] {
        [
            "Arn": .string(metadata.Arn), "CloneUrlHttp": .string(metadata.cloneUrlHttp), "CloneUrlSsh": .string(metadata.cloneUrlSsh ?? ""),
            "Name": .string(metadata.repositoryName), "KmsKeyId": .string(metadata.kmsKeyId ?? ""),
        ]
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        let new = request.properties, old = current.properties
        guard let arn = current.attributes["Arn"]?.scalarText else { return current }
        if new["RepositoryDescription"] != old["RepositoryDescription"] {
            try await module.describe(arn: arn, description: new["RepositoryDescription"]?.scalarText)
        }
        let change = request.tagChange(from: old, includingSystemTags: false)
        if !change.removed.isEmpty {
            let _: EmptyOutput = try await repositories.call("UntagResource", UntagResourceInput(resourceArn: arn, tagKeys: change.removed), for: request)
        }
        if let tags = change.set {
            let _: EmptyOutput = try await repositories.call(
                "TagResource", TagResourceInput(resourceArn: arn, tags: Dictionary(tags.map { ($0.key, $0.value) }) { _, last in last }), for: request
            )
        }
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: new)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        guard let name = resource.attributes["Name"]?.scalarText else { return }
        let _: DeleteRepositoryOutput = try await repositories.call("DeleteRepository", RepositoryNameInput(repositoryName: name), for: request)
    }
}
