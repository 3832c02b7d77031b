import Wire

/// A service the edge can route to: its names, its wire protocol and its operation table.
public protocol AWSService: Sendable {
    /// The name audit records and logs use, e.g. `iam`.
    var serviceName: String { get }
    /// The SigV4 credential-scope service name, e.g. `iam`, `sts`, `s3`.
    var signingName: String { get }
    var wireProtocol: WireProtocol { get }
    var operations: [ServiceOperation] { get }
    /// Whether unsigned requests reach the operations as the anonymous principal (S3), or are refused (everyone else).
    var acceptsAnonymous: Bool { get }
    /// Whether requests to it are authorized with the error code `AccessDenied` (Query, REST-XML) or `AccessDeniedException` (JSON).
    var accessDeniedCode: String { get }
    /// A header whose presence claims a request for this service among those sharing its signing name (an MLflow
    /// app's requests are signed as `sagemaker` and name the app in `x-sm-mlflow-app-arn`); nil for none.
    var claimingHeader: String? { get }
    /// A path prefix that claims a signed request for this service among those sharing its signing name
    /// (`sagemaker-runtime` signs as `sagemaker` and lives under `/endpoints/`); nil for none.
    var claimingPathPrefix: String? { get }
    /// Adds what the service puts on every answer to an operation, success or error (S3's CORS headers).
    func decorate(_ response: inout WireResponse, for request: WireRequest) async
}

extension AWSService {
    public var acceptsAnonymous: Bool { false }

    public var claimingHeader: String? { nil }

    public var claimingPathPrefix: String? { nil }

    public func decorate(_ response: inout WireResponse, for request: WireRequest) async {}

    public var accessDeniedCode: String {
        switch wireProtocol {
        case .query, .restXML: "AccessDenied"
        case .json, .restJSON: "AccessDeniedException"
        }
    }

    /// The `X-Amz-Target` prefix of a JSON service.
    public var targetPrefix: String? {
        if case .json(_, let prefix) = wireProtocol { prefix } else { nil }
    }
}
