/// The port the server offers modules that call another service's JSON operations as a principal of their own (a
/// pipeline starting jobs and registering models as its role): the same authorization, validation and errors as a
/// call over the wire, with JSON in and out, so modules need not share each other's types.
public protocol ServiceCallPort: Sendable {
    /// Calls `operation` of the JSON service signing as `service` (e.g. `sagemaker`) with `input` (a JSON object) as
    /// `context.principal`; returns the answer's JSON. Throws the operation's own errors.
    func call(service: String, operation: String, input: [UInt8], context: ServiceContext) async throws -> [UInt8]
}
