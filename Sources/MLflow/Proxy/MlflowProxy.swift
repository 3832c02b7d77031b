import Foundation
import ServiceKit
import SlipwayCore
import Wire

/// The signed MLflow REST traffic of the `sagemaker-mlflow` plugin as Slipway's edge receives it: requests signed for
/// `sagemaker-mlflow` naming a tracking server in `x-mlflow-sm-tracking-server-arn`, or signed for `sagemaker` naming
/// an app in `x-sm-mlflow-app-arn`. Each call is authorized as its `sagemaker-mlflow:` action on the server's ARN and
/// only then passed to that server's MLflow process, its answer streamed back.
public struct MlflowProxy: AWSService {
    let kind: MlflowServerRecord.Kind
    let gateway: MlflowGateway

    public var serviceName: String { "sagemaker-mlflow" }
    public var signingName: String { kind == .app ? "sagemaker" : "sagemaker-mlflow" }
    public var wireProtocol: WireProtocol { .restJSON }
    public var claimingHeader: String? { kind == .app ? "x-sm-mlflow-app-arn" : "x-mlflow-sm-tracking-server-arn" }

    public var operations: [ServiceOperation] {
        ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"].map { method in
            ServiceOperation("MlflowRequest", route: .init(method, "/{Path+}"), raw: { request, context, authorization in
                try await forward(request, context: context, authorization: authorization)
            })
        }
    }

    func forward(_ request: WireRequest, context: ServiceContext, authorization: ServiceOperation.InProcessAuthorization) async throws -> WireResponse {
        let header = claimingHeader ?? ""
        guard let arn = request.header(header), !arn.isEmpty else {
            throw MlflowError.validation("The request names no MLflow server: the \(header) header is required.")
        }
        guard let parsed = ARN(parsing: arn), parsed.service == "sagemaker", parsed.resource.hasPrefix(kind.rawValue + "/") else {
            throw MlflowError.validation("\(arn) is not the ARN of an \(kind == .app ? "MLflow app" : "MLflow tracking server").")
        }
        let path = request.rawPath.isEmpty ? request.path : request.rawPath
        guard let action = MlflowActions.action(method: request.method, path: path) else {
            throw MlflowError(code: "ResourceNotFound", message: "MLflow endpoint \(request.method) \(path) is not served by SageMaker managed MLflow.", httpStatus: 404)
        }
        let access = AccessRequest(action: "sagemaker-mlflow:\(action)", resource: arn, resourceAccount: parsed.account)
        authorization.recordResource(arn)
        try await authorization.authorizer.authorize(access, context: context, deniedCode: "AccessDeniedException")
        // Another account's server is not this caller's to reach, whatever its policies say: it is not found.
        guard parsed.account == context.account.rawValue, let record = try await gateway.store.server(arn: arn), record.kind == kind else {
            throw MlflowError.notFound("\(kind == .app ? "MLflow app" : "Tracking server") \(arn) does not exist.")
        }
        return try await gateway.forward(record, method: request.method, path: path, query: request.rawQuery, headers: request.headers, body: request.body)
    }
}
