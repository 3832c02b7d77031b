import Foundation
import SlipwayCore

/// One function version's configuration as stored: `$LATEST` (which also holds the function's tags, policy and
/// version counter) or a published number.
struct FunctionRecord: Codable, Sendable, Equatable {
    var account: String
    var region: String
    var name: String
    /// `$LATEST` or a published version number.
    var version: String
    var runtime: String
    var role: String
    var handler: String
    var description: String
    var timeout: Int
    var memorySize: Int
    var environment: [String: String]
    /// Base64 of the SHA-256 of the deployment package, as Lambda reports it.
    var codeSha256: String
    var codeSize: Int
    var revisionID: String
    var lastModified: Date
    var architectures: [String]
    var ephemeralStorage: Int
    /// Why the function runs on another interpreter than its runtime names, when it does.
    var stateReason: String?
    /// Tags, on `$LATEST` only.
    var tags: [String: String] = [:]
    /// Resource-policy statements (JSON text each) by qualifier, "" for the unqualified function; on `$LATEST` only.
    var policies: [String: [String]] = [:]
    /// The policy's revision, changed on every AddPermission/RemovePermission.
    var policyRevision: String?
    /// The number the next PublishVersion takes; on `$LATEST` only.
    var nextVersion: Int = 1
    var reservedConcurrency: Int?
    /// The `$LATEST` revision the newest version was published from, and that version: publishing an unchanged
    /// function answers the existing version.
    var publishedRevision: String?
    var lastPublishedVersion: String?

    var unqualifiedARN: String { "arn:aws:lambda:\(region):\(account):function:\(name)" }
    /// The ARN Lambda answers with: unqualified for `$LATEST`, `…:N` for a version.
    var arn: String { version == "$LATEST" ? unqualifiedARN : "\(unqualifiedARN):\(version)" }

    /// The configuration with the code and settings that make invocations differ; a worker started for one key serves only it.
    var workerKey: String { "\(unqualifiedARN):\(version):\(revisionID)" }
}

/// A named pointer to a version.
struct AliasRecord: Codable, Sendable, Equatable {
    var functionARN: String
    var name: String
    var functionVersion: String
    var description: String
    var revisionID: String
    var additionalVersionWeights: [String: Double]?

    var arn: String { "\(functionARN):\(name)" }
}
