import Foundation
import Logging
import Provisioning
import ServiceKit
import SlipwayCore
import Wire

/// `AWS::S3::BucketPolicy`: a bucket's policy, put and removed through S3's own operations as the stack's identity.
public struct BucketPolicyProvider: ResourceProvider {
    let s3: ProviderCalls

    public init(module: S3Module, authorizer: any AuthorizationPort, logger: Logger) {
        s3 = ProviderCalls(service: module.service, authorizer: authorizer, clock: module.service.clock, logger: logger)
    }

    public var schema: ResourceSchema {
        ResourceSchema(
            typeName: "AWS::S3::BucketPolicy",
            properties: ObjectShape(["Bucket": .string, "PolicyDocument": .json], required: ["Bucket", "PolicyDocument"]),
            createOnlyProperties: ["Bucket"]
        )
    }

    public func plannedPhysicalID(for request: ResourceRequest) -> String? { request.properties["Bucket"]?.scalarText }

    public func create(_ request: ResourceRequest) async throws -> ProvisionedResource {
        let bucket = request.properties["Bucket"]?.scalarText ?? ""
        try await put(request)
        return ProvisionedResource(physicalID: bucket, attributes: [:], properties: request.properties)
    }

    public func update(_ request: ResourceRequest, current: ProvisionedResource) async throws -> ProvisionedResource {
        try await put(request)
        return ProvisionedResource(physicalID: current.physicalID, attributes: [:], properties: request.properties)
    }

    public func delete(_ resource: ProvisionedResource, request: ResourceRequest) async throws {
        do {
            let _: NoContent = try await s3.call("DeleteBucketPolicy", BucketInput(bucket: resource.physicalID), for: request)
        } catch let error as S3Error where error.code == "NoSuchBucket" {
            return  // the bucket, and its policy with it, is already gone
        }
    }

    /// The document as JSON text: a template writes it as an object (or, rarely, as a JSON string).
    private func put(_ request: ResourceRequest) async throws {
        let bucket = request.properties["Bucket"]?.scalarText ?? ""
        let document = request.properties["PolicyDocument"]
        let text = document?.stringValue ?? document?.jsonText ?? ""
        let _: NoContent = try await s3.call("PutBucketPolicy", PutBucketPolicyInput(bucket: bucket, policy: text), for: request)
    }
}
