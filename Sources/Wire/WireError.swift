import SlipwayCore

/// An error decoding or routing a request, answered with the protocol's 400-class error.
public struct WireError: ServiceError, Hashable, CustomStringConvertible {
    public let code: String
    public let message: String
    public let httpStatus: Int

    public init(code: String, message: String, httpStatus: Int = 400) {
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
    }

    public var description: String { "\(code): \(message)" }
}

extension WireError {
    /// Query: the form body or query string could not be read (bad escapes, invalid UTF-8).
    public static func malformedQueryString(_ message: String) -> WireError {
        WireError(code: "MalformedQueryString", message: message)
    }

    /// Query: a member failed to decode or a required one is missing, as IAM, STS and CloudFormation answer.
    public static func validationError(_ message: String) -> WireError {
        WireError(code: "ValidationError", message: message)
    }

    /// Query: a required parameter is absent, as the older Query services (EC2, SQS) answer.
    public static func missingParameter(_ name: String) -> WireError {
        WireError(code: "MissingParameter", message: "The request must contain the parameter \(name)")
    }

    /// Query: the request names no operation at all.
    public static func missingAction() -> WireError {
        WireError(code: "MissingAction", message: "Missing Action")
    }

    /// Query: the operation is not one this service has.
    public static func invalidAction(_ name: String, version: String) -> WireError {
        WireError(code: "InvalidAction", message: "Could not find operation \(name) for version \(version)")
    }

    /// JSON protocols: the body is not JSON or a value has the wrong JSON type.
    public static func serializationException(_ message: String) -> WireError {
        WireError(code: "SerializationException", message: message)
    }

    /// JSON protocols: a required member is missing or a value is out of range.
    public static func validationException(_ message: String) -> WireError {
        WireError(code: "ValidationException", message: message)
    }

    /// JSON protocols: the operation in `X-Amz-Target` (or the route) is unknown.
    public static func unknownOperationException(_ message: String, httpStatus: Int = 400) -> WireError {
        WireError(code: "UnknownOperationException", message: message, httpStatus: httpStatus)
    }

    /// REST-XML: the body is not well-formed XML or does not fit the shape.
    public static func malformedXML() -> WireError {
        WireError(
            code: "MalformedXML",
            message: "The XML you provided was not well-formed or did not validate against our published schema"
        )
    }

    /// REST-XML: a header or query parameter has a value of the wrong form.
    public static func invalidArgument(_ message: String) -> WireError {
        WireError(code: "InvalidArgument", message: message)
    }

    /// REST-XML: the request names a feature this service does not route.
    public static func invalidRequest(_ message: String) -> WireError {
        WireError(code: "InvalidRequest", message: message)
    }

    /// REST-XML: the method is not allowed against the addressed resource.
    public static func methodNotAllowed() -> WireError {
        WireError(
            code: "MethodNotAllowed",
            message: "The specified method is not allowed against this resource.",
            httpStatus: 405
        )
    }

    /// A response could not be encoded; the message does not leak internals.
    public static func internalFailure() -> WireError {
        WireError(code: "InternalFailure", message: "An internal error occurred.", httpStatus: 500)
    }
}
