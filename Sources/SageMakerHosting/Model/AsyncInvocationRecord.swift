import Foundation

/// An asynchronous invocation waiting to be answered: its input in S3, where its answer or failure goes, and until
/// when it may still be answered. Kept in a table, so a crash loses none; a server takes one with a lease.
struct AsyncInvocationRecord: HostingRecord {
    /// `<endpoint ARN>/async-invocation/<name>`.
    var arn: String
    var account: String
    var region: String
    /// Slipway's id of the queued invocation.
    var name: String
    var created: Date
    var endpointArn: String
    var endpointName: String
    var inferenceID: String
    var inputLocation: String
    var contentType: String?
    var accept: String?
    var customAttributes: String?
    var outputLocation: String
    var failureLocation: String?
    var expires: Date
    var timeoutSeconds: Int
    var attempts: Int
    var status: String
}
