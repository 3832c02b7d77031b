import Foundation
import SlipwayCore

/// A bucket as stored: its globally unique name, the owning account and the region it lives in.
struct Bucket: Sendable, Hashable {
    var name: String
    var account: AccountID
    var region: Region
    var created: Date
    var versioning: VersioningState = .unversioned
    /// The bucket policy as the owner put it (JSON text), if any.
    var policy: String?
    /// The bucket's Block Public Access settings; nil when deleted (nothing blocked).
    var publicAccessBlock: PublicAccessBlockConfiguration? = .allBlocked
    /// The bucket's tags (`s3:BucketTag/*` in policies).
    var tags: [ObjectTag] = []
    /// The bucket's lifecycle configuration, if any (object answers say when its rules expire them).
    var lifecycle: LifecycleConfiguration?
    /// Who owns objects written into the bucket and whether ACLs count; nil once the controls are deleted (the
    /// writer owns what it writes, as on S3).
    var objectOwnership: ObjectOwnership? = .bucketOwnerEnforced
    /// The bucket's own ACL, nil for the default (the owner's full control).
    var acl: AccessControlList?

    /// Whether ACLs count: every setting but `BucketOwnerEnforced`.
    var aclsEnabled: Bool { objectOwnership != .bucketOwnerEnforced }
    /// Whether public ACL grants are ignored (Block Public Access's IgnorePublicAcls).
    var ignoresPublicACLs: Bool { publicAccessBlock?.ignorePublicAcls == true }
    /// The bucket's ACL as S3 answers and weighs it.
    var effectiveACL: AccessControlList { aclsEnabled ? acl ?? .private(account) : .private(account) }

    var arn: String { "arn:aws:s3:::\(name)" }
}

/// A bucket's versioning: never enabled, enabled, or suspended after having been enabled.
enum VersioningState: String, Sendable {
    case unversioned = ""
    case enabled = "Enabled"
    case suspended = "Suspended"
}
