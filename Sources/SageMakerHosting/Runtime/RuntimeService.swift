import Foundation
import Synchronization
import NIOCore
import ServiceKit
import SigV4
import SlipwayCore
import Wire

/// `sagemaker-runtime` as Slipway's edge receives it: requests signed for `sagemaker` under `/endpoints/`.
/// `InvokeEndpoint` is authorized as `sagemaker:InvokeEndpoint` on the endpoint's ARN and passed to an instance of
/// the variant the endpoint's weights draw (or the one `TargetVariant` names); the model's answer comes back as it is,
/// its errors as SageMaker's `ModelError`.
public struct RuntimeService: AWSService {
    let supervisor: EndpointSupervisor
    let endpoints: HostingTable<EndpointRecord>
    let asynchronous: AsyncInvocations

    public var serviceName: String { "sagemaker-runtime" }
    public var signingName: String { "sagemaker" }
    public var wireProtocol: WireProtocol { .restJSON }
    public var claimingPathPrefix: String? { "/endpoints/" }

    /// SageMaker's limits: 6 MB of request or answer, 60 seconds for the model to answer.
    static let maxPayload = 6 * 1024 * 1024
    static let timeout: TimeAmount = .seconds(60)

    public var operations: [ServiceOperation] {
        [
            ServiceOperation("InvokeEndpoint", route: .init("POST", "/endpoints/{EndpointName}/invocations"), raw: { request, context, authorization in
                try await invoke(request, context: context, authorization: authorization)
            }),
            ServiceOperation("InvokeEndpointAsync", route: .init("POST", "/endpoints/{EndpointName}/async-invocations"), raw: { request, context, authorization in
                try await invokeAsync(request, context: context, authorization: authorization)
            }),
            ServiceOperation(
                "InvokeEndpointWithResponseStream", route: .init("POST", "/endpoints/{EndpointName}/invocations-response-stream"),
                raw: { request, context, authorization in try await invokeStreaming(request, context: context, authorization: authorization) }
            ),
        ]
    }

    /// What every invocation resolves first: the endpoint (authorized), its deployment here, the variant and the headers
    /// the model server gets.
    struct Routed {
        let name: String
        let deployment: RunningDeployment
        let variant: RunningVariant
        let headers: [(String, String)]
    }

    func route(_ request: WireRequest, action: String, context: ServiceContext, authorization: ServiceOperation.InProcessAuthorization) async throws -> Routed {
        let name = request.pathParameters["EndpointName"] ?? ""
        guard Self.isEndpointName(name) else {
            throw RuntimeError.validation("1 validation error detected: Value '\(name)' at 'endpointName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}")
        }
        let arn = "arn:aws:sagemaker:\(context.region.name):\(context.account):endpoint/\(name.lowercased())"
        authorization.recordResource(arn)
        try await authorization.authorizer.authorize(
            AccessRequest(action: "sagemaker:\(action)", resource: arn, resourceAccount: context.account.rawValue), context: context,
            deniedCode: "AccessDeniedException"
        )
        guard request.body.count <= Self.maxPayload else {
            throw RuntimeError.validation("Request payload size exceeds the maximum allowed of 6291456 bytes.")
        }
        let notFound = RuntimeError.validation("Endpoint \(name) of account \(context.account) not found.")
        guard let deployment = supervisor.deployment(arn) else {
            // Known but not serving here: not in service (creating, failed), or run by another Slipway server.
            guard let record = try await endpoints.leased(arn: arn)?.0 else { throw notFound }
            if ["InService", "Updating"].contains(record.status) {
                throw RuntimeError(code: "ServiceUnavailable", message: "Endpoint \(name) is not available on this server right now; try again.", httpStatus: 503)
            }
            throw notFound
        }
        let target = request.header("X-Amzn-SageMaker-Target-Variant")
        guard let variant = deployment.variant(target: target) else {
            if let target {
                throw RuntimeError.validation("Target variant \(target) not found for endpoint \(name) of account \(context.account).")
            }
            throw RuntimeError(code: "ServiceUnavailable", message: "No instance of endpoint \(name) is available; try again.", httpStatus: 503)
        }
        var headers: [(String, String)] = [("Content-Type", request.header("Content-Type") ?? "application/octet-stream")]
        if let accept = request.header("Accept") { headers.append(("Accept", accept)) }
        for name in ["X-Amzn-SageMaker-Custom-Attributes", "X-Amzn-SageMaker-Inference-Id"] {
            if let value = request.header(name) { headers.append((name, value)) }
        }
        return Routed(name: name, deployment: deployment, variant: variant, headers: headers)
    }

    func invoke(_ request: WireRequest, context: ServiceContext, authorization: ServiceOperation.InProcessAuthorization) async throws -> WireResponse {
        let routed = try await route(request, action: "InvokeEndpoint", context: context, authorization: authorization)
        let (name, deployment, variant, headers) = (routed.name, routed.deployment, routed.variant, routed.headers)
        let answer = try await send(to: variant, headers: headers, body: request.body, endpoint: name, context: context)
        guard (200..<300).contains(answer.status) else { throw Self.modelError(answer, endpoint: name, variant: variant.name, context: context) }
        var response = WireResponse(status: 200)
        response.headers = [
            ("Content-Type", answer.header("Content-Type") ?? "application/json"), ("x-Amzn-Invoked-Production-Variant", variant.name),
            ("x-amzn-RequestId", context.requestID),
        ]
        if let attributes = answer.header("X-Amzn-SageMaker-Custom-Attributes") { response.headers.append(("X-Amzn-SageMaker-Custom-Attributes", attributes)) }
        response.body = answer.body
        if let capture = deployment.capture, capture.samples() {
            let record = capture.record(
                input: request.body, inputType: request.header("Content-Type") ?? "application/octet-stream", output: answer.body,
                outputType: answer.header("Content-Type") ?? "application/json", inferenceID: request.header("X-Amzn-SageMaker-Inference-Id"),
                at: context.receivedAt
            )
            capture.append(record, variant: variant.name, at: context.receivedAt)
        }
        return response
    }

    /// Whether `name` matches `[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` (checked without a regular expression: it is on every
    /// invocation's path).
    static func isEndpointName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        func alphanumeric(_ byte: UInt8) -> Bool { (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) }
        guard let first = bytes.first, let last = bytes.last, bytes.count <= 63, alphanumeric(first), alphanumeric(last) else { return false }
        return bytes.allSatisfy { alphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// `InvokeEndpointAsync`: the invocation is queued (its input read from `X-Amzn-SageMaker-InputLocation` later) and
    /// answered `202` with where its answer will be written.
    func invokeAsync(_ request: WireRequest, context: ServiceContext, authorization: ServiceOperation.InProcessAuthorization) async throws -> WireResponse {
        let routed = try await route(request, action: "InvokeEndpointAsync", context: context, authorization: authorization)
        guard let config = routed.deployment.deployment.asyncInference, let outputPath = config.outputConfig.s3OutputPath else {
            throw RuntimeError.validation("Endpoint \(routed.name) of account \(context.account) is not configured for asynchronous inference (its endpoint configuration has no AsyncInferenceConfig).")
        }
        guard let input = request.header("X-Amzn-SageMaker-InputLocation"), (1...1024).contains(input.count) else {
            throw RuntimeError.validation("1 validation error detected: Value null at 'inputLocation' failed to satisfy constraint: Member must not be null")
        }
        guard ObjectLocation.parse(url: input) != nil, input.hasPrefix("s3://") else {
            throw RuntimeError.validation("1 validation error detected: Value '\(input)' at 'inputLocation' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$")
        }
        func number(_ header: String, _ member: String, _ range: ClosedRange<Int>, _ fallback: Int) throws -> Int {
            guard let text = request.header(header) else { return fallback }
            guard let value = Int(text), range.contains(value) else {
                throw RuntimeError.validation("1 validation error detected: Value '\(text)' at '\(member)' failed to satisfy constraint: Member must have value between \(range.lowerBound) and \(range.upperBound)")
            }
            return value
        }
        let ttl = try number("X-Amzn-SageMaker-RequestTTLSeconds", "requestTTLSeconds", 60...21_600, 21_600)
        let timeout = try number("X-Amzn-SageMaker-InvocationTimeoutSeconds", "invocationTimeoutSeconds", 1...3600, 900)
        let id = UUID().uuidString.lowercased()
        let inferenceID = request.header("X-Amzn-SageMaker-Inference-Id") ?? id
        func joined(_ base: String, _ file: String) -> String { (base.hasSuffix("/") ? base : base + "/") + file }
        let output = joined(outputPath, "\(id).out")
        let failure = joined(config.outputConfig.s3FailurePath ?? outputPath, "\(id)-error.out")
        let arn = "arn:aws:sagemaker:\(context.region.name):\(context.account):endpoint/\(routed.name.lowercased())"
        try await asynchronous.enqueue(AsyncInvocationRecord(
            arn: "\(arn)/async-invocation/\(id)", account: context.account.rawValue, region: context.region.name, name: id, created: context.receivedAt,
            endpointArn: arn, endpointName: routed.name, inferenceID: inferenceID, inputLocation: input,
            contentType: request.header("X-Amzn-SageMaker-Content-Type"), accept: request.header("X-Amzn-SageMaker-Accept"),
            customAttributes: request.header("X-Amzn-SageMaker-Custom-Attributes"), outputLocation: output, failureLocation: failure,
            expires: context.receivedAt.addingTimeInterval(TimeInterval(ttl)), timeoutSeconds: timeout, attempts: 0, status: "Queued"
        ))
        var response = WireResponse(status: 202)
        response.headers = [
            ("Content-Type", "application/json"), ("X-Amzn-SageMaker-OutputLocation", output), ("X-Amzn-SageMaker-FailureLocation", failure),
            ("x-amzn-RequestId", context.requestID),
        ]
        response.body = Array((try? JSONSerialization.data(withJSONObject: ["InferenceId": inferenceID])) ?? Data())
        return response
    }

    /// `InvokeEndpointWithResponseStream`: the model server's answer passed on as it arrives, each chunk a `PayloadPart`
    /// event of AWS's event stream; an error answer before the stream starts is the model's `ModelError`.
    func invokeStreaming(_ request: WireRequest, context: ServiceContext, authorization: ServiceOperation.InProcessAuthorization) async throws -> WireResponse {
        let routed = try await route(request, action: "InvokeEndpointWithResponseStream", context: context, authorization: authorization)
        guard let instance = routed.variant.pick() else {
            throw RuntimeError(code: "ServiceUnavailable", message: "No instance of endpoint \(routed.name) is available; try again.", httpStatus: 503)
        }
        instance.inFlight.wrappingAdd(1, ordering: .acquiringAndReleasing)
        let answer: ModelServerClient.StreamingAnswer
        do {
            answer = try await ModelServerClient.stream(port: instance.port, path: "/invocations", headers: routed.headers, body: request.body, timeout: Self.timeout)
        } catch {
            instance.inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            throw RuntimeError(code: "ServiceUnavailable", message: "The model server of endpoint \(routed.name) could not be reached; try again.", httpStatus: 503)
        }
        guard (200..<300).contains(answer.status) else {
            var body: [UInt8] = []
            while body.count < 65_536, let chunk = try? await answer.body.next() { body += chunk }
            instance.inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            throw Self.modelError(ModelServerClient.Answer(status: answer.status, headers: answer.headers, body: body), endpoint: routed.name, variant: routed.variant.name, context: context)
        }
        var response = WireResponse(status: 200)
        response.headers = [
            ("Content-Type", "application/vnd.amazon.eventstream"), ("x-Amzn-Invoked-Production-Variant", routed.variant.name),
            ("X-Amzn-SageMaker-Content-Type", answer.header("Content-Type") ?? "application/octet-stream"), ("x-amzn-RequestId", context.requestID),
        ]
        let finished = Mutex(false)
        let chunks = answer.body
        response.bodyStream = ByteStream(length: nil) {
            if finished.withLock({ $0 }) { return nil }
            do {
                if let chunk = try await chunks.next() {
                    return EventStreamMessage.event("PayloadPart", contentType: "application/octet-stream", payload: chunk).encoded
                }
            } catch {
                finished.withLock { $0 = true }
                instance.inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
                let body = (try? JSONSerialization.data(withJSONObject: ["Message": "The model server's answer was cut off: \(error)", "ErrorCode": "ModelStreamError"])) ?? Data()
                return EventStreamMessage.exception("ModelStreamError", payload: Array(body)).encoded
            }
            finished.withLock { $0 = true }
            instance.inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing)
            return nil
        }
        return response
    }

    /// Sends the invocation to an instance of `variant`; an instance that is not listening (it just died) hands it to
    /// another one.
    private func send(to variant: RunningVariant, headers: [(String, String)], body: [UInt8], endpoint: String, context: ServiceContext) async throws -> ModelServerClient.Answer {
        var tried = 0
        while true {
            guard let instance = variant.pick() else {
                throw RuntimeError(code: "ServiceUnavailable", message: "No instance of endpoint \(endpoint) is available; try again.", httpStatus: 503)
            }
            instance.inFlight.wrappingAdd(1, ordering: .acquiringAndReleasing)
            defer { instance.inFlight.wrappingSubtract(1, ordering: .acquiringAndReleasing) }
            do {
                return try await ModelServerClient.post(port: instance.port, path: "/invocations", headers: headers, body: body, timeout: Self.timeout, limit: Self.maxPayload)
            } catch ModelServerClient.Failure.unreachable where tried < 3 {
                tried += 1
                instance.healthy.withLock { $0 = false }
                continue
            } catch ModelServerClient.Failure.timedOut {
                throw RuntimeError.model(
                    "Received server error (0) from primary with message \"Your invocation timed out while waiting for a response from container primary. Review the latency metrics for each container in Amazon CloudWatch, resolve the issue, and try again.\". See \(Self.logsLink(endpoint, context)) in account \(context.account) for more information.",
                    status: 0, original: "", logStream: Self.logStreamArn(endpoint, context)
                )
            } catch ModelServerClient.Failure.tooLarge {
                throw RuntimeError.model(
                    "Received server error (0) from primary with message \"The response from the container exceeded the maximum allowed of 6291456 bytes.\". See \(Self.logsLink(endpoint, context)) in account \(context.account) for more information.",
                    status: 0, original: "", logStream: Self.logStreamArn(endpoint, context)
                )
            } catch {
                throw RuntimeError(code: "ServiceUnavailable", message: "The model server of endpoint \(endpoint) could not be reached; try again.", httpStatus: 503)
            }
        }
    }

    static func logsLink(_ endpoint: String, _ context: ServiceContext) -> String {
        "https://\(context.region.name).console.aws.amazon.com/cloudwatch/home?region=\(context.region.name)#logEventViewer:group=/aws/sagemaker/Endpoints/\(endpoint)"
    }

    static func logStreamArn(_ endpoint: String, _ context: ServiceContext) -> String {
        "arn:aws:logs:\(context.region.name):\(context.account):log-group:/aws/sagemaker/Endpoints/\(endpoint)"
    }

    /// SageMaker's `ModelError` for a model server's error answer.
    static func modelError(_ answer: ModelServerClient.Answer, endpoint: String, variant: String, context: ServiceContext) -> RuntimeError {
        let original = String(decoding: answer.body.prefix(4096), as: UTF8.self)
        let kind = answer.status >= 500 ? "server" : "client"
        return RuntimeError.model(
            "Received \(kind) error (\(answer.status)) from primary with message \"\(original)\". See \(logsLink(endpoint, context)) in account \(context.account) for more information.",
            status: answer.status, original: original, logStream: logStreamArn(endpoint, context)
        )
    }
}

/// The runtime's errors: `ValidationError`, `ServiceUnavailable`, and `ModelError` with the model's own status and
/// message.
struct RuntimeError: ServiceError {
    let code: String
    let message: String
    let httpStatus: Int
    var extraFields: [(String, String)] = []

    static func validation(_ message: String) -> RuntimeError { RuntimeError(code: "ValidationError", message: message, httpStatus: 400) }

    static func model(_ message: String, status: Int, original: String, logStream: String) -> RuntimeError {
        RuntimeError(
            code: "ModelError", message: message, httpStatus: 424,
            extraFields: [("OriginalStatusCode", String(status)), ("OriginalMessage", original), ("LogStreamArn", logStream)]
        )
    }
}
