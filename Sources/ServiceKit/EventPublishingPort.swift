import SlipwayCore

/// The port EventBridge offers services that emit AWS events (SageMaker's model package state changes): an event
/// put on the account's default bus, matched against its rules and delivered to their targets.
public protocol EventPublishingPort: Sendable {
    /// Puts an event from `source` (e.g. `aws.sagemaker`) on the default bus of `account` in `region`.
    func publish(source: String, detailType: String, detail: JSONValue, resources: [String], account: String, region: String) async throws
}
