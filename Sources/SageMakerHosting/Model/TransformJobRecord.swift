import Foundation

/// A transform job as stored: what was asked for, the model it resolved when created, and how far it got.
struct TransformJobRecord: HostingRecord, ServingOwner {
    var arn: String
    var account: String
    var region: String
    var name: String
    var created: Date
    var modified: Date
    var request: CreateTransformJobInput
    /// The model's container and role, resolved at create time.
    var variant: DeployedVariant
    var status: String
    var failureReason: String?
    var started: Date?
    var ended: Date?

    var logGroup: String { "/aws/sagemaker/TransformJobs" }
    func logStream(variant: String, instance: String) -> String { "\(name)/\(instance)" }
    var isTerminal: Bool { ["Completed", "Failed", "Stopped"].contains(status) }
}
