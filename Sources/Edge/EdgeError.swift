import SigV4
import SlipwayCore
import Wire

/// Errors the edge itself answers with, before any service handler runs.
struct EdgeError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int

    static func missingAuthentication(json: Bool) -> EdgeError {
        EdgeError(code: json ? "MissingAuthenticationTokenException" : "MissingAuthenticationToken", message: "Request is missing Authentication Token", httpStatus: 403)
    }

    static func invalidToken(s3: Bool, json: Bool) -> EdgeError {
        if s3 {
            return EdgeError(code: "InvalidAccessKeyId", message: "The AWS Access Key Id you provided does not exist in our records.", httpStatus: 403)
        }
        return EdgeError(code: json ? "UnrecognizedClientException" : "InvalidClientTokenId", message: "The security token included in the request is invalid.", httpStatus: 403)
    }

    static func invalidSessionToken(s3: Bool, json: Bool) -> EdgeError {
        if s3 {
            return EdgeError(code: "InvalidToken", message: "The provided token is malformed or otherwise invalid.", httpStatus: 400)
        }
        return EdgeError(code: json ? "UnrecognizedClientException" : "InvalidClientTokenId", message: "The security token included in the request is invalid.", httpStatus: 403)
    }

    static func expiredToken(s3: Bool, json: Bool) -> EdgeError {
        if s3 {
            return EdgeError(code: "ExpiredToken", message: "The provided token has expired.", httpStatus: 400)
        }
        return EdgeError(code: json ? "ExpiredTokenException" : "ExpiredToken", message: "The security token included in the request is expired", httpStatus: 403)
    }

    static func signature(_ error: SigV4Error, s3: Bool) -> EdgeError {
        let mapped = error.awsError(s3: s3)
        return EdgeError(code: mapped.code, message: mapped.message, httpStatus: mapped.status)
    }

    static func wrongScope(service: String, s3: Bool) -> EdgeError {
        s3
            ? EdgeError(code: "AuthorizationHeaderMalformed", message: "The authorization header is malformed; the credential is scoped to the wrong service, expecting '\(service)'.", httpStatus: 400)
            : EdgeError(code: "SignatureDoesNotMatch", message: "Credential should be scoped to correct service: '\(service)'. ", httpStatus: 403)
    }

    static let missingContentSHA256 = EdgeError(
        code: "InvalidRequest", message: "Missing required header for this request: x-amz-content-sha256", httpStatus: 400
    )

    static func bodyTooLarge(limit: Int) -> EdgeError {
        EdgeError(code: "RequestEntityTooLarge", message: "Request body must be at most \(limit) bytes.", httpStatus: 413)
    }

    static func headersTooLarge(limit: Int) -> EdgeError {
        EdgeError(code: "RequestHeaderSectionTooLarge", message: "Your request header section exceeds the maximum allowed size of \(limit) bytes.", httpStatus: 400)
    }

    /// A NUL character (`%00`) in the path or the query, which no name, key or parameter may hold (PostgreSQL cannot
    /// store it), in the words of the service's protocol: S3's unparseable URI, a Query service's malformed query
    /// string, a JSON service's validation error.
    static func nulCharacter(in wireProtocol: WireProtocol) -> EdgeError {
        switch wireProtocol {
        case .query:
            EdgeError(code: "MalformedQueryString", message: "The query string holds a NUL character (%00).", httpStatus: 400)
        case .json, .restJSON:
            EdgeError(code: "ValidationException", message: "The request's URI holds a NUL character (%00).", httpStatus: 400)
        case .restXML:
            EdgeError(code: "InvalidURI", message: "Couldn't parse the specified URI.", httpStatus: 400)
        }
    }

    /// Input the metadata store could not keep because it holds U+0000 (a header such as S3's copy source can carry
    /// one past the URI check), in the words of the service's protocol.
    static func unstorableText(in wireProtocol: WireProtocol?) -> EdgeError {
        let message = "The request holds a NUL character (U+0000), which no name, key or value may hold."
        return switch wireProtocol {
        case .query: EdgeError(code: "ValidationError", message: message, httpStatus: 400)
        case .json, .restJSON: EdgeError(code: "ValidationException", message: message, httpStatus: 400)
        case .restXML, nil: EdgeError(code: "InvalidArgument", message: message, httpStatus: 400)
        }
    }

    static let unknownService = EdgeError(
        code: "UnknownService", message: "The request does not name a service this endpoint serves (no SigV4 scope, X-Amz-Target, bucket host or Action).", httpStatus: 400
    )

    static let internalFailure = EdgeError(code: "InternalFailure", message: "The request processing has failed because of an unknown error, exception or failure.", httpStatus: 500)
}
