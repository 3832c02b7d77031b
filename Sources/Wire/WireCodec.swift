import SlipwayCore

/// Encodes and decodes one protocol's messages from typed shapes.
public struct WireCodec: Sendable {
    public let wireProtocol: WireProtocol

    public init(_ protocol: WireProtocol) {
        wireProtocol = `protocol`
    }

    /// The operation a request names when the protocol carries it in the message.
    ///
    /// Query: the form or URL `Action`. JSON: the part of `X-Amz-Target` after the dot, when the part before
    /// it is this service's target prefix. nil for REST (routing by template is the router's job) or when absent.
    public func operationName(of request: WireRequest) -> String? {
        switch wireProtocol {
        case .query:
            if let action = request.query("Action"), !action.isEmpty { return action }
            guard Self.isFormBody(request) else { return nil }
            guard let action = FormReader.firstValue(of: "Action", in: request.body), !action.isEmpty else { return nil }
            return action
        case .json(_, let targetPrefix):
            guard let target = request.header("X-Amz-Target"), let dot = target.firstIndex(of: ".") else { return nil }
            guard target[..<dot] == targetPrefix else { return nil }
            let name = target[target.index(after: dot)...]
            return name.isEmpty ? nil : String(name)
        case .restXML, .restJSON:
            return nil
        }
    }

    /// Decodes the operation's input from the request.
    ///
    /// Query also parses the form body (application/x-www-form-urlencoded, charset ignored) merged with
    /// URL query items. REST protocols read bound members from `pathParameters`, the query and headers.
    public func decode<T: Decodable>(_ type: T.Type, from request: WireRequest) throws(WireError) -> T {
        switch wireProtocol {
        case .query: try decodeQuery(type, from: request)
        case .json: try decodeJSON(type, from: request)
        case .restXML: try decodeREST(type, from: request, format: .xml)
        case .restJSON: try decodeREST(type, from: request, format: .json)
        }
    }

    /// Builds the success response with the request id header(s).
    ///
    /// `httpStatus` (default 200) is replaced by a `statusCode` member in REST protocols.
    public func encode<T: Encodable>(
        _ output: T, operation: String, requestID: String, httpStatus: Int = 200
    ) throws(WireError) -> WireResponse {
        let tree: OutputValue
        do {
            tree = try OutputEncoder.encode(output)
        } catch let error as WireError {
            throw error
        } catch {
            throw encodingFailure()
        }
        switch wireProtocol {
        case .query(_, let namespace):
            return encodeQuery(tree, isEmpty: T.self == EmptyOutput.self, operation: operation, namespace: namespace,
                               requestID: requestID, status: httpStatus)
        case .json(let version, _):
            return encodeJSON(tree, version: version, requestID: requestID, status: httpStatus)
        case .restXML(let namespace):
            return encodeRESTXML(tree, namespace: namespace, requestID: requestID, status: httpStatus)
        case .restJSON:
            return encodeRESTJSON(tree, isEmpty: T.self == EmptyOutput.self, requestID: requestID, status: httpStatus)
        }
    }

    /// Builds the protocol's error response for any ServiceError.
    public func encodeError(_ error: any ServiceError, requestID: String) -> WireResponse {
        encodeError(error, requestID: requestID, method: nil)
    }

    /// Builds the protocol's error response; a `HEAD` request's error has headers but no body.
    public func encodeError(_ error: any ServiceError, requestID: String, method: String?) -> WireResponse {
        var response: WireResponse
        switch wireProtocol {
        case .query(_, let namespace): response = queryError(error, namespace: namespace, requestID: requestID)
        case .json(let version, _): response = jsonError(error, version: version, requestID: requestID)
        case .restXML: response = restXMLError(error, requestID: requestID)
        case .restJSON: response = restJSONError(error, requestID: requestID)
        }
        response.headers.append(contentsOf: error.headers.map { (name: $0.0, value: $0.1) })
        if method == "HEAD" {
            response.body = []
            response.headers.removeAll { asciiCaseInsensitiveEquals($0.name, "Content-Type") }
        }
        return response
    }

    /// The error for an operation this service does not have.
    ///
    /// Query → 400 "InvalidAction" ("Could not find operation X for version Y"), or "MissingAction" without a name;
    /// JSON → 400 "UnknownOperationException"; REST-XML (S3) → 405 "MethodNotAllowed" for an unrouted request and
    /// 400 "InvalidRequest" for a named operation it does not support; REST-JSON → 404 "UnknownOperationException".
    public func unknownOperation(_ name: String?) -> any ServiceError {
        switch wireProtocol {
        case .query(let version, _):
            guard let name, !name.isEmpty else { return WireError.missingAction() }
            return WireError.invalidAction(name, version: version)
        case .json:
            guard let name, !name.isEmpty else {
                return WireError.unknownOperationException("The request does not name an operation in X-Amz-Target.")
            }
            return WireError.unknownOperationException("The operation \(name) is not supported by this service.")
        case .restXML:
            guard let name, !name.isEmpty else { return WireError.methodNotAllowed() }
            return WireError.invalidRequest("The operation \(name) is not supported.")
        case .restJSON:
            return WireError.unknownOperationException(
                name.map { "The operation \($0) is not supported by this service." } ?? "No operation matches the request.",
                httpStatus: 404
            )
        }
    }

    /// Whether a request's body is form data (or untyped, as some clients send it).
    static func isFormBody(_ request: WireRequest) -> Bool {
        guard !request.body.isEmpty else { return false }
        guard let contentType = request.header("Content-Type") else { return true }
        return asciiCaseInsensitiveHasPrefix(contentType, "application/x-www-form-urlencoded")
    }

    /// The error for a response that could not be encoded.
    func encodingFailure() -> WireError {
        switch wireProtocol {
        case .restXML:
            WireError(code: "InternalError", message: "We encountered an internal error. Please try again.", httpStatus: 500)
        case .query, .json, .restJSON:
            WireError.internalFailure()
        }
    }
}
