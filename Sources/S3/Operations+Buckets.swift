import Foundation
import ServiceKit
import SlipwayCore
import Wire

extension S3Service {
    var bucketOperations: [ServiceOperation] {
        [
            operation("ListBuckets", "GET", "/", ListBucketsInput.self, action: "s3:ListAllMyBuckets", resource: { _, _ in ResourceTarget(arn: "*", owner: nil, policy: nil) }) { input, context in
                let limit = input.maxBuckets ?? 10_000
                guard (1...10_000).contains(limit) else {
                    throw S3Error.invalidArgument("max-buckets must be between 1 and 10000", name: "max-buckets", value: String(limit))
                }
                let after = try input.continuationToken.map { token -> String in
                    guard let data = Data(base64Encoded: token), let name = String(data: data, encoding: .utf8) else {
                        throw S3Error.invalidArgument("The continuation token provided is incorrect", name: "continuation-token", value: token)
                    }
                    return name
                }
                let all = try await store.buckets(of: context.account, prefix: input.prefix ?? "", after: after, limit: Int.max - 1)
                    .filter { input.bucketRegion == nil || $0.region.name == input.bucketRegion }
                let page = Array(all.prefix(limit))
                let more = all.count > limit
                return ListBucketsOutput(
                    buckets: page.map { BucketShape(name: $0.name, creationDate: $0.created, bucketRegion: $0.region.name) },
                    owner: OwnerShape(displayName: nil, id: CanonicalUser.id(of: context.account)),
                    continuationToken: more ? page.last.map { Data($0.name.utf8).base64EncodedString() } : nil,
                    prefix: input.prefix
                )
            },
            operation("CreateBucket", "PUT", "/{Bucket}", CreateBucketInput.self, action: "s3:CreateBucket", resource: { i, context in
                var target = ResourceTarget(arn: "arn:aws:s3:::\(i.bucket)", owner: nil, policy: nil)
                // The region the bucket is made in: the configuration's, else the request's outside us-east-1.
                if let constraint = i.configuration?.locationConstraint ?? (context.region == .usEast1 ? nil : context.region.name) {
                    target.conditions["s3:locationconstraint"] = [constraint]
                }
                return target
            }) { input, context in
                guard BucketName.isValid(input.bucket) else { throw S3Error.invalidBucketName(input.bucket) }
                let ownership = try input.objectOwnership.map { value in
                    guard let ownership = ObjectOwnership(rawValue: value) else {
                        throw S3Error.invalidArgument("Invalid x-amz-object-ownership header: \(value)", name: "x-amz-object-ownership", value: value)
                    }
                    return ownership
                } ?? .bucketOwnerEnforced
                let acl = try await createdBucketACL(headers: context.headers, owner: context.account, ownership: ownership)
                let region = try bucketRegion(input.configuration?.locationConstraint, requestRegion: context.region)
                var bucket = Bucket(name: input.bucket, account: context.account, region: region, created: clock.now())
                bucket.objectOwnership = ownership
                bucket.acl = acl
                if let existing = try await store.create(bucket) {
                    guard existing.account == context.account else { throw S3Error.bucketAlreadyExists(input.bucket) }
                    // us-east-1 keeps its legacy answer: creating a bucket you own succeeds again.
                    guard existing.region == .usEast1 && region == .usEast1 else { throw S3Error.bucketAlreadyOwnedByYou(input.bucket) }
                }
                return CreateBucketOutput(location: region == .usEast1 ? "/\(input.bucket)" : "http://\(input.bucket).s3.localhost/")
            },
            operation("HeadBucket", "HEAD", "/{Bucket}", BucketInput.self, action: "s3:ListBucket", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                HeadBucketOutput(bucketRegion: try await requireBucket(input.bucket).region.name)
            },
            operation("GetBucketLocation", "GET", "/{Bucket}?location", BucketInput.self, action: "s3:GetBucketLocation", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                GetBucketLocationOutput(region: try await requireBucket(input.bucket).region.name)
            },
            operation("DeleteBucket", "DELETE", "/{Bucket}", BucketInput.self, action: "s3:DeleteBucket", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                _ = try await requireBucket(input.bucket)
                if try await store.hasObjects(bucket: input.bucket) { throw S3Error.bucketNotEmpty(input.bucket) }
                // Uploads never completed go with the bucket.
                for upload in try await store.uploads(bucket: input.bucket, prefix: "") {
                    await release(try await store.removeUpload(upload.id))
                }
                try await store.delete(input.bucket)
                return NoContent()
            },
        ]
    }

    /// The region a new bucket lives in: the location constraint, which must match the region the request was signed for.
    func bucketRegion(_ constraint: String?, requestRegion: Region) throws -> Region {
        guard let constraint, !constraint.isEmpty else {
            guard requestRegion == .usEast1 else { throw S3Error.illegalLocationConstraint("unspecified") }
            return .usEast1
        }
        guard constraint != "us-east-1", let region = Region(constraint) else { throw S3Error.invalidLocationConstraint(constraint) }
        guard region == requestRegion else { throw S3Error.illegalLocationConstraint(constraint) }
        return region
    }
}

/// A success with status 204 and no body (`DeleteBucket`, `DeleteObject`).
struct NoContent: WireShape {
    var status = 204
    static let bindings: [String: WireBinding] = ["Status": .statusCode]
    enum CodingKeys: String, CodingKey { case status = "Status" }
}
