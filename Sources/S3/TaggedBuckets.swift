import ServiceKit
import SlipwayCore
import Wire

/// S3's `TaggedResourcesPort`: the account's buckets in the region, and a cascade delete that empties a bucket
/// (every version and delete marker) before deleting it, through S3's own operations as the caller.
public struct TaggedBuckets: TaggedResourcesPort {
    let service: S3Service
    let authorizer: any AuthorizationPort

    public init(module: S3Module, authorizer: any AuthorizationPort) {
        service = module.service
        self.authorizer = authorizer
    }

    public func taggedResources(context: ServiceContext) async throws -> [TaggedResource] {
        var found: [TaggedResource] = []
        for bucket in try await service.store.buckets(of: context.account, prefix: "", after: nil, limit: Int.max - 1) where bucket.region == context.region {
            let tags = try await service.store.bucketTags(bucket.name) ?? []
            found.append(TaggedResource(
                arn: "arn:aws:s3:::\(bucket.name)", type: "s3:bucket", tags: Dictionary(tags.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            ))
        }
        return found
    }

    public func deleteTaggedResource(_ resource: TaggedResource, context: ServiceContext) async throws {
        let bucket = String(resource.arn.dropFirst("arn:aws:s3:::".count))
        while true {
            let page: ListObjectVersionsOutput = try await service.call("ListObjectVersions", ListObjectVersionsInput(bucket: bucket), context: context, authorizer: authorizer)
            let entries = (page.versions ?? []).map { ($0.key, $0.versionID) } + (page.deleteMarkers ?? []).map { ($0.key, $0.versionID) }
            guard !entries.isEmpty else { break }
            for (key, version) in entries {
                let _: DeleteObjectOutput = try await service.call(
                    "DeleteObject", ObjectInput(bucket: bucket, key: key, versionID: version), context: context, authorizer: authorizer
                )
            }
        }
        let _: NoContent = try await service.call("DeleteBucket", BucketInput(bucket: bucket), context: context, authorizer: authorizer)
    }
}
