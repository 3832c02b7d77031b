/// A bucket's Object Ownership setting: who owns objects written into it, and whether ACLs count at all.
enum ObjectOwnership: String, Codable, Sendable, CaseIterable {
    /// ACLs are disabled; the bucket owner owns every object (S3's default for new buckets since 2023).
    case bucketOwnerEnforced = "BucketOwnerEnforced"
    /// The bucket owner owns objects written with the `bucket-owner-full-control` canned ACL; the writer owns the rest.
    case bucketOwnerPreferred = "BucketOwnerPreferred"
    /// The writer owns what it writes (S3's behaviour for buckets without ownership controls).
    case objectWriter = "ObjectWriter"
}
