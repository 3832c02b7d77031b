import Foundation

/// A pipeline as stored: its definition, role and who made it.
struct PipelineRecord: Codable, Sendable {
    var arn: String
    var account: String
    var region: String
    var name: String
    var displayName: String?
    var description: String?
    var definition: String
    var roleArn: String
    var parallelism: ParallelismConfigurationShape?
    var tags: [TagShape]
    var createdBy: UserContextShape?
    var lastModifiedBy: UserContextShape?
    var created: Date
    var modified: Date
    var lastRun: Date?
    var version: Int
}
