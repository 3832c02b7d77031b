import Foundation
import ServiceKit
import SlipwayCore

extension S3Service {
    /// Reading access control lists. Slipway's buckets have ACLs disabled, as S3's have by default since 2023
    /// (`BucketOwnerEnforced`): the bucket owner has full control of the bucket and every object in it, and policies
    /// alone decide access.
    var aclOperations: [ServiceOperation] {
        [
            operation("GetBucketAcl", "GET", "/{Bucket}?acl", BucketInput.self, action: "s3:GetBucketAcl", resource: { i, _ in try await bucketTarget(i.bucket) }) { input, _ in
                AccessControlPolicyOutput.ownerFullControl(try await requireBucket(input.bucket).account)
            },
            ServiceOperation(
                "GetObjectAcl", route: .init("GET", "/{Bucket}/{Key+}?acl"), input: ObjectACLInput.self,
                access: { input, context in
                    try await objectAccess(input.versionID == nil ? "s3:GetObjectAcl" : "s3:GetObjectVersionAcl", input.bucket, input.key, context, versionID: input.versionID)
                },
                handler: { input, _ in
                    let bucket = try await requireBucket(input.bucket)
                    let object = try await version(bucket: input.bucket, key: input.key, versionID: input.versionID)
                    var policy = AccessControlPolicyOutput.ownerFullControl(bucket.account)
                    policy.versionID = bucket.versioning == .unversioned ? nil : object.versionID
                    return policy
                }
            ),
        ]
    }
}
