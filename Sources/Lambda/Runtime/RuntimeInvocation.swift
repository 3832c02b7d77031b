import Foundation

/// One invocation as the Runtime API hands it to a worker.
struct RuntimeInvocation: Sendable {
    let requestID: String
    let payload: [UInt8]
    /// Milliseconds since the epoch by which the handler must answer.
    let deadlineMS: Int64
    let invokedARN: String
    let clientContext: String?
}

/// How a worker's invocation ended.
enum RuntimeOutcome: Sendable, Equatable {
    /// The handler's answer (`/response`).
    case response([UInt8])
    /// The runtime's report of a failure (`/error`): the error type header and Lambda's error document.
    case error(type: String, document: [UInt8])
    /// The handler could not be loaded (`/init/error`).
    case initError(type: String, document: [UInt8])
    /// The process ended without answering.
    case exited(status: Int32)
    /// The deadline passed; the worker was stopped.
    case timedOut
}
