import Foundation
import Logging
import Provisioning
import ServiceKit
import Wire
import SlipwayCore

/// `AWS::S3::Bucket`: a bucket made and changed through S3's own operations, as the stack's identity.
public struct BucketProvider: ResourceProvider {
    let s3: ProviderCalls

    public init(module: S3Module, authorizer: any AuthorizationPort, logger: Logger) {
        s3 = ProviderCalls(service: module.service, authorizer: authorizer, clock: module.service.clock, logger: logger)
    }

    public var schema: ResourceSchema {
        let tag = PropertyShape.object(ObjectShape(["Key": .string, "Value": .string], required: ["Key", "Value"]))
        return ResourceSchema(
            typeName: "AWS::S3::Bucket",
            properties: ObjectShape([
                "BucketName": .string,
                "Tags": .list(tag),
                "VersioningConfiguration": .object(ObjectShape(["Status": .string], required: ["Status"])),
                "CorsConfiguration": BucketConfigurations.cors, "LifecycleConfiguration": BucketConfigurations.lifecycle,
                "BucketEncryption": BucketConfigurations.encryption, "PublicAccessBlockConfiguration": BucketConfigurations.publicAccessBlock,
                "ReplicationConfiguration": BucketConfigurations.replication, "OwnershipControls": BucketConfigurations.ownershipControls,
            ]),
            createOnlyProperties: ["BucketName"],
            attributes: ["Arn", "DomainName", "RegionalDomainName", "WebsiteURL"]
        )
    }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let name = bucketName(for: request)
        let region = Region(request.region) ?? .usEast1
        // A stack never adopts a bucket that exists (us-east-1 would answer success to its owner): it is not the stack's to
        // configure or, on rollback, to delete.
        if let existing = try await s3.service.store.bucket(named: name) {
            let account = (request.identity as? Principal)?.account?.rawValue ?? request.accountID
            throw existing.account.rawValue == account ? S3Error.bucketAlreadyOwnedByYou(name) : S3Error.bucketAlreadyExists(name)
        }
        let _: CreateBucketOutput = try await s3.call("CreateBucket", CreateBucketInput(bucket: name, configuration: region == .usEast1 ? nil : CreateBucketConfiguration(locationConstraint: region.name)), for: request)
        do {
            try await apply(request.properties, previous: nil, to: name, request: request)
        } catch {
            // A bucket half-configured is not what the template asked for: take it away again.
            let _: NoContent? = try? await s3.call("DeleteBucket", BucketInput(bucket: name), for: request)
            throw error
        }
        return ProvisionedResource(physicalID: name, attributes: Self.attributes(name: name, region: region.name), properties: request.properties)
    }

    public func plannedPhysicalID(for request: ResourceRequest) -> String? { bucketName(for: request) }

    /// `BucketName`, or a name CloudFormation-style from the stack and logical id — the same every time for one
    /// resource of one stack, so a create interrupted by a crash can be found and cleaned up.
    func bucketName(for request: ResourceRequest) -> String {
        request.properties["BucketName"]?.scalarText
            ?? Self.generatedName(stack: request.stackName, stackID: request.stackID, logicalID: request.logicalID, replacing: request.replacing)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
                try await apply(request.properties, previous: current.properties, to: current.physicalID, request: request)
        return ProvisionedResource(physicalID: current.physicalID, attributes: current.attributes, properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
                do {
            let _: NoContent = try await s3.call("DeleteBucket", BucketInput(bucket: resource.physicalID), for: request)
        } catch let error as S3Error where error.code == "NoSuchBucket" {
            return  // already gone
        }
    }

    /// Every configuration as the properties say, changing only what differs from `previous`: ownership controls,
    /// encryption and public access block first, then CORS, lifecycle, tags, versioning, and replication (which needs versioning) last.
    private func apply(_ properties: TemplateValue, previous: TemplateValue?, to bucket: String, request: ResourceRequest) async throws {
        func differs(_ key: String) -> Bool { previous == nil ? properties[key] != nil : properties[key] != previous?[key] }
        let input = BucketInput(bucket: bucket)
        if differs("OwnershipControls") {
            if let value = properties["OwnershipControls"] {
                let _: EmptyOutput = try await s3.call("PutBucketOwnershipControls", PutOwnershipControlsInput(bucket: bucket, controls: BucketConfigurations.ownershipControls(value)), for: request)
            } else {
                let _: NoContent = try await s3.call("DeleteBucketOwnershipControls", input, for: request)
            }
        }
        if differs("BucketEncryption") {
            if let value = properties["BucketEncryption"] {
                let _: EmptyOutput = try await s3.call("PutBucketEncryption", PutBucketEncryptionInput(bucket: bucket, configuration: BucketConfigurations.encryption(value)), for: request)
            } else {
                let _: NoContent = try await s3.call("DeleteBucketEncryption", input, for: request)
            }
        }
        if differs("PublicAccessBlockConfiguration") {
            if let value = properties["PublicAccessBlockConfiguration"] {
                let _: EmptyOutput = try await s3.call("PutPublicAccessBlock", PutPublicAccessBlockInput(bucket: bucket, configuration: BucketConfigurations.publicAccessBlock(value)), for: request)
            } else {
                let _: NoContent = try await s3.call("DeletePublicAccessBlock", input, for: request)
            }
        }
        if differs("CorsConfiguration") {
            if let value = properties["CorsConfiguration"] {
                let _: EmptyOutput = try await s3.call("PutBucketCors", PutBucketCorsInput(bucket: bucket, configuration: BucketConfigurations.cors(value)), for: request)
            } else {
                let _: NoContent = try await s3.call("DeleteBucketCors", input, for: request)
            }
        }
        if differs("LifecycleConfiguration") {
            if let value = properties["LifecycleConfiguration"] {
                let _: EmptyOutput = try await s3.call("PutBucketLifecycleConfiguration", PutLifecycleInput(bucket: bucket, configuration: BucketConfigurations.lifecycle(value)), for: request)
            } else {
                let _: NoContent = try await s3.call("DeleteBucketLifecycle", input, for: request)
            }
        }
        if previous != nil, differs("ReplicationConfiguration"), properties["ReplicationConfiguration"] == nil {
            let _: NoContent = try await s3.call("DeleteBucketReplication", input, for: request)
        }
        // The stack's own tags go along, with CloudFormation's aws:cloudformation:* tags naming the stack and resource.
        let tags = request.tags(declaredIn: properties, includingSystemTags: true).map { ObjectTag(key: $0.key, value: $0.value) }
        if previous == nil, tags.allSatisfy({ $0.key.hasPrefix("aws:") }) {
            // Only CloudFormation's own labels: written by the system, which needs no permission of the stack's role.
            try await s3.service.store.setBucketTags(bucket, tags.isEmpty ? nil : tags)
        } else if previous == nil || properties["Tags"] != previous?["Tags"] {
            let _: NoContent = try await s3.call("PutBucketTagging", PutBucketTaggingInput(bucket: bucket, tagging: Tagging(tagSet: tags)), for: request)
        }
        let status = properties["VersioningConfiguration"]?["Status"]?.scalarText
        let previousStatus = previous?["VersioningConfiguration"]?["Status"]?.scalarText
        if status != previousStatus, let wanted = status ?? (previousStatus == "Enabled" ? "Suspended" : nil) {
            let _: EmptyOutput = try await s3.call("PutBucketVersioning", PutBucketVersioningInput(bucket: bucket, configuration: VersioningConfiguration(status: wanted, mfaDelete: nil)), for: request)
        }
        if differs("ReplicationConfiguration"), let value = properties["ReplicationConfiguration"] {
            let _: EmptyOutput = try await s3.call("PutBucketReplication", PutBucketReplicationInput(bucket: bucket, configuration: BucketConfigurations.replication(value)), for: request)
        }
    }

    /// `stack-logicalid-xxxxxxxxxxxx`, lowercase and at most 63 characters, as CloudFormation names buckets.
    static func generatedName(stack: String, stackID: String, logicalID: String, replacing: String? = nil) -> String {
        PhysicalName.generate(
            stack: stack, stackID: stackID, logicalID: logicalID, replacing: replacing, lowercase: true, allowed: Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        )
    }

    static func attributes(name: String, region: String) -> [String: TemplateValue] {
        [
            "Arn": .string("arn:aws:s3:::\(name)"), "DomainName": .string("\(name).s3.amazonaws.com"),
            "RegionalDomainName": .string("\(name).s3.\(region).amazonaws.com"), "WebsiteURL": .string("http://\(name).s3-website-\(region).amazonaws.com"),
        ]
    }
}
