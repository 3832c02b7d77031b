import Foundation

/// An accepted `Event` invocation, stored until it has run (or failed its retries).
struct AsyncInvocation: Codable, Sendable {
    var id: String
    var account: String
    var region: String
    var functionName: String
    var qualifier: String?
    var payload: [UInt8]
    var clientContext: String?
    /// Attempts that ran the handler (a function error counts; a throttle does not).
    var attempts: Int
    var throttles: Int
    var nextAttempt: Date
    var created: Date
}
