import Foundation
import IAMPolicy
import ServiceKit
import SlipwayCore
import Wire

extension LambdaService {
    /// The largest synchronous request and response payload (6 MB) and asynchronous event (1 MB).
    static let maxSyncPayload = 6_291_456
    static let maxAsyncPayload = 1_048_576

    var invokeOperations: [ServiceOperation] {
        [
            ServiceOperation("Invoke", route: .init("POST", "/2015-03-31/functions/{FunctionName}/invocations"), input: InvokeInput.self, access: { input, context in
                try await access("InvokeFunction", input.functionName, qualifier: input.qualifier, context)
            }, handler: { input, context in try await invoke(input, context) }),
        ]
    }

    func invoke(_ input: InvokeInput, _ context: ServiceContext) async throws -> InvokeOutput {
        let reference = try Self.reference(input.functionName, qualifier: input.qualifier)
        let resolved = try await resolve(reference.name, qualifier: reference.qualifier, context)
        let type = input.invocationType ?? "RequestResponse"
        guard ["RequestResponse", "Event", "DryRun"].contains(type) else {
            throw WireError.validationException("1 validation error detected: Value '\(type)' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]")
        }
        if let logType = input.logType, !["None", "Tail"].contains(logType) {
            throw WireError.validationException("1 validation error detected: Value '\(logType)' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [Tail, None]")
        }
        var payload = Array(input.payload ?? Data())
        let limit = type == "Event" ? Self.maxAsyncPayload : Self.maxSyncPayload
        guard payload.count <= limit else {
            throw LambdaError.tooLarge("Request must be smaller than \(limit) bytes for the InvokeFunction operation")
        }
        if payload.isEmpty { payload = Array("{}".utf8) }
        do {
            _ = try JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed])
        } catch {
            throw LambdaError(code: "InvalidRequestContentException", message: "Could not parse request body into json: Could not parse payload into json", httpStatus: 400)
        }
        var clientContext: String?
        if let encoded = input.clientContext {
            guard let decoded = Data(base64Encoded: encoded), decoded.count <= 3583 else {
                throw LambdaError(code: "InvalidRequestContentException", message: "Client context must be a valid Base64-encoded JSON object of at most 3583 bytes", httpStatus: 400)
            }
            clientContext = String(decoding: decoded, as: UTF8.self)
        }
        let target = try await routed(resolved)
        let invokedARN = resolved.latest.unqualifiedARN + (reference.qualifier.map { ":\($0)" } ?? "")
        switch type {
        case "DryRun":
            return InvokeOutput(statusCode: 204, functionError: nil, logResult: nil, executedVersion: nil, payload: nil)
        case "Event":
            let now = clock.now()
            try await asynchronous.enqueue(AsyncInvocation(
                id: ids.uuid(), account: context.account.rawValue, region: context.region.name, functionName: reference.name, qualifier: reference.qualifier,
                payload: payload, clientContext: clientContext, attempts: 0, throttles: 0, nextAttempt: now, created: now
            ))
            return InvokeOutput(statusCode: 202, functionError: nil, logResult: nil, executedVersion: nil, payload: nil)
        default:
            var result = try await run(target, payload: payload, invokedARN: invokedARN, clientContext: clientContext)
            if result.payload.count > Self.maxSyncPayload {
                result.payload = Array(#"{"errorMessage":"Response payload size exceeded maximum allowed payload size (6291556 bytes).","errorType":"Function.ResponseSizeTooLarge"}"#.utf8)
                result.functionError = "Unhandled"
            }
            let logResult = input.logType == "Tail" ? Data(result.log.utf8.suffix(4096)).base64EncodedString() : nil
            return InvokeOutput(statusCode: 200, functionError: result.functionError, logResult: logResult, executedVersion: target.version, payload: Data(result.payload))
        }
    }

    func run(_ target: FunctionRecord, payload: [UInt8], invokedARN: String, clientContext: String?) async throws -> FunctionRuntime.Result {
        let store = self.store
        let sha = target.codeSha256
        return try await runtime.invoke(target, payload: payload, invokedARN: invokedARN, clientContext: clientContext) {
            guard let zip = try await store.code(sha: sha) else { throw LambdaError.notReady("The function's deployment package is missing.") }
            return zip
        }
    }

    /// Runs a stored `Event` invocation against the function as it is now; nil when the function is gone.
    func runAsynchronous(_ invocation: AsyncInvocation) async throws -> FunctionRuntime.Result? {
        guard let latest = try await store.function(account: invocation.account, region: invocation.region, name: invocation.functionName) else { return nil }
        let resolved: (latest: FunctionRecord, target: FunctionRecord, alias: AliasRecord?)
        do {
            resolved = try await resolve(latest, qualifier: invocation.qualifier)
        } catch let error as LambdaError where error.code == "ResourceNotFoundException" {
            return nil
        }
        let invokedARN = latest.unqualifiedARN + (invocation.qualifier.map { ":\($0)" } ?? "")
        return try await run(try await routed(resolved), payload: invocation.payload, invokedARN: invokedARN, clientContext: invocation.clientContext)
    }
}

extension LambdaService: FunctionInvocationPort {
    public func invoke(_ function: String, payload: [UInt8], servicePrincipal: String, sourceARN: String, sourceAccount: String) async throws -> FunctionInvocationResult {
        guard let arn = ARN(parsing: function), arn.service == "lambda" else {
            throw LambdaError.invalid("\(function) is not a function ARN.")
        }
        let reference = try Self.reference(function, qualifier: nil)
        guard let latest = try await store.function(account: arn.account, region: arn.region, name: reference.name) else {
            throw LambdaError.functionNotFound(function)
        }
        let policy = Self.policyDocument(latest, qualifier: reference.qualifier)
            .flatMap { try? PolicyDocument.parse($0, kind: .resource) }
            .map { AttachedPolicy(id: "function policy", document: $0) }
        let resource = latest.unqualifiedARN + (reference.qualifier.map { ":\($0)" } ?? "")
        let request = AuthorizationRequest(
            principal: .service(servicePrincipal), action: "lambda:InvokeFunction", resource: resource, resourceAccount: latest.account,
            context: ConditionContext(["aws:SourceArn": [sourceARN], "aws:SourceAccount": [sourceAccount]])
        )
        let decision = PolicyEvaluator.evaluate(request, policies: PolicySet(resource: policy))
        guard decision.isAllowed else {
            throw AccessDeniedError(
                code: "AccessDeniedException",
                message: "\(servicePrincipal) is not authorized to perform: lambda:InvokeFunction on resource: \(resource) because no resource-based policy allows the lambda:InvokeFunction action"
            )
        }
        let target = try await routed(try await resolve(latest, qualifier: reference.qualifier))
        let result = try await run(target, payload: payload, invokedARN: resource, clientContext: nil)
        return FunctionInvocationResult(payload: result.payload, functionError: result.functionError)
    }

    public func invoke(_ function: String, payload: [UInt8], as context: ServiceContext, authorizer: any AuthorizationPort) async throws -> FunctionInvocationResult {
        let output: InvokeOutput = try await call(
            "Invoke", InvokeInput(functionName: function, invocationType: "RequestResponse", payload: Data(payload)), context: context, authorizer: authorizer
        )
        return FunctionInvocationResult(payload: Array(output.payload ?? Data()), functionError: output.functionError)
    }
}
