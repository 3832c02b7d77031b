import Foundation

/// A secret as stored: its identity, settings and tags, and its versions (values sealed).
struct SecretRecord: Sendable, Codable {
    var arn: String
    var account: String
    var region: String
    var name: String
    var description: String?
    var kmsKeyID: String?
    var tags: [TagShape]
    var policy: String?
    var created: Date
    var lastChanged: Date
    var lastAccessed: Date?
    /// When a scheduled deletion takes effect; nil for a secret not marked for deletion.
    var deletionDate: Date?
    var versions: [SecretVersion]

    /// One value of a secret; `sealed` is AES-GCM under the server's secrets key, bound to the secret and version.
    struct SecretVersion: Sendable, Codable {
        var id: String
        var stages: [String]
        var sealed: Data
        var isBinary: Bool
        var created: Date
    }

    var stagesByVersion: [String: [String]] {
        Dictionary(versions.filter { !$0.stages.isEmpty }.map { ($0.id, $0.stages) }, uniquingKeysWith: { first, _ in first })
    }
}
