import Foundation
import Wire

/// The port the server offers modules that call another service's operations as a principal (a pipeline starting
/// jobs and registering models as its role, the console as the signed-in user): the same authorization, validation
/// and errors as a call over the wire, with JSON in and out whatever the service's protocol, so modules need not
/// share each other's types.
public protocol ServiceCallPort: Sendable {
    /// Calls `operation` of the service signing as `service` (e.g. `sagemaker`, `cloudformation`) with `input` (a JSON
    /// object of the operation's members) as `context.principal`; returns the answer's JSON. Throws the operation's
    /// own errors.
    func call(service: String, operation: String, input: [UInt8], context: ServiceContext) async throws -> [UInt8]

    /// Sends `request` as it would arrive over the wire (its path parameters filled in) to `operation` of the service
    /// named `service` (e.g. `sagemaker-runtime`), as `context.principal`; for operations whose body is a payload
    /// of their own, such as `InvokeEndpoint`. Throws the operation's own errors.
    func send(service: String, operation: String, request: WireRequest, context: ServiceContext) async throws -> WireResponse
}

extension ServiceCallPort {
    /// Tags a SageMaker resource a feature room keeps through SageMaker's own `AddTags`, where its tags live with
    /// SageMaker's others, as `context.principal` (its creator, who was allowed `sagemaker:AddTags`); no tags, no call.
    public func addSageMakerTags(_ arn: String, _ tags: [(key: String, value: String)], context: ServiceContext) async throws {
        guard !tags.isEmpty else { return }
        let body: [String: Any] = ["ResourceArn": arn, "Tags": tags.map { ["Key": $0.key, "Value": $0.value] }]
        let input = try JSONSerialization.data(withJSONObject: body)
        _ = try await call(service: "sagemaker", operation: "AddTags", input: Array(input), context: context)
    }
}
