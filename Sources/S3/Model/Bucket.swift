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

    var arn: String { "arn:aws:s3:::\(name)" }
}

/// A bucket's versioning: never enabled, enabled, or suspended after having been enabled.
enum VersioningState: String, Sendable {
    case unversioned = ""
    case enabled = "Enabled"
    case suspended = "Suspended"
}
