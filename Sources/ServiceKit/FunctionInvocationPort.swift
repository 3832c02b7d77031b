/// How a function invocation ended, as Lambda reports it to a synchronous caller.
public struct FunctionInvocationResult: Sendable {
    /// The handler's answer, or Lambda's error document when `functionError` is set.
    public var payload: [UInt8]
    /// `Unhandled` (or the runtime's error type) when the handler failed; nil on success.
    public var functionError: String?

    public init(payload: [UInt8], functionError: String?) {
        self.payload = payload
        self.functionError = functionError
    }
}

/// The port the function service offers services that invoke functions on their own behalf (EventBridge targets,
/// CloudFormation custom resources): the function's resource policy must allow the calling service.
public protocol FunctionInvocationPort: Sendable {
    /// Runs function `function` (a name or ARN, optionally qualified) for `servicePrincipal` (e.g. `events.amazonaws.com`)
    /// acting for `sourceARN` in `sourceAccount`, and waits for its result. Throws `AccessDeniedError` when the
    /// function's policy does not allow it, and the function service's not-found error when there is no such function.
    func invoke(_ function: String, payload: [UInt8], servicePrincipal: String, sourceARN: String, sourceAccount: String) async throws -> FunctionInvocationResult

    /// Runs function `function` for `context.principal` (a pipeline's role, say) and waits for its result, authorized
    /// exactly as Lambda's `Invoke` authorizes a caller: `lambda:InvokeFunction` by its policies or the function's.
    func invoke(_ function: String, payload: [UInt8], as context: ServiceContext, authorizer: any AuthorizationPort) async throws -> FunctionInvocationResult
}
