/// An error a service returns to a client: an AWS error code, a message and an HTTP status.
///
/// Concrete errors are small structs; the wire codecs turn any `ServiceError` into the
/// error body of the calling protocol.
public protocol ServiceError: Error, Sendable {
    /// The AWS error code, such as `NoSuchEntity` or `AccessDenied`.
    var code: String { get }
    /// The human-readable message.
    var message: String { get }
    /// The HTTP status the error is answered with.
    var httpStatus: Int { get }
    /// Whether the caller is at fault (`Sender`) rather than the service (`Receiver`).
    var senderFault: Bool { get }
    /// Extra top-level fields some protocols carry beside code and message (S3's `<Key>`, `<BucketName>`).
    var extraFields: [(String, String)] { get }
    /// Headers the error answer carries (S3's `304` and `412` name the object's `ETag` and `Last-Modified`).
    var headers: [(String, String)] { get }
}

extension ServiceError {
    public var senderFault: Bool { httpStatus < 500 }
    public var extraFields: [(String, String)] { [] }
    public var headers: [(String, String)] { [] }
}

/// A `ServiceError` built from its parts, for errors that need no type of their own.
public struct AWSError: ServiceError, CustomStringConvertible {
    public let code: String
    public let message: String
    public let httpStatus: Int
    public let extraFields: [(String, String)]

    public init(code: String, message: String, httpStatus: Int = 400, extraFields: [(String, String)] = []) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.extraFields = extraFields
    }

    public var description: String { "\(code): \(message)" }
}

extension AWSError {
    /// A parameter failed validation (`ValidationError` in Query services).
    public static func validation(_ message: String) -> AWSError {
        AWSError(code: "ValidationError", message: message)
    }

    /// The request was authenticated but the policies do not allow it.
    public static func accessDenied(_ message: String) -> AWSError {
        AWSError(code: "AccessDenied", message: message, httpStatus: 403)
    }

    /// The service failed on its side; the message must not leak internals.
    public static func internalFailure(_ message: String = "An internal error occurred.") -> AWSError {
        AWSError(code: "InternalFailure", message: message, httpStatus: 500)
    }
}
