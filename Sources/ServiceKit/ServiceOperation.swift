import SlipwayCore
import Wire

/// One operation of a service: its name, its IAM action and how it turns a request into a response.
///
/// Authorization happens here, between decoding and the handler, so no handler can forget it.
public struct ServiceOperation: Sendable {
    /// The AWS operation name, e.g. `CreateUser`.
    public let name: String
    /// The HTTP method and path template of REST operations; nil for Query and JSON.
    public let route: Route?
    let invoke: @Sendable (WireRequest, ServiceContext, Invocation) async throws -> WireResponse
    /// The same operation called in-process with a typed input (resource providers call their service's
    /// operations this way): the same authorization, the same handler, no wire encoding.
    let invokeTyped: @Sendable (any Sendable, ServiceContext, InProcessAuthorization) async throws -> any Sendable

    /// Where a REST operation lives.
    public struct Route: Sendable {
        public let method: String
        public let template: URITemplate
        /// Whether the request body reaches the operation as it streams in (a `ByteStream` payload), not collected first.
        public let streamsBody: Bool

        public init(_ method: String, _ template: String, streamsBody: Bool = false) {
            self.method = method
            self.template = URITemplate(template)
            self.streamsBody = streamsBody
        }
    }

    /// What the edge lends an operation for one call.
    public struct Invocation: Sendable {
        public let codec: WireCodec
        public let authorizer: any AuthorizationPort
        public let deniedCode: String
        /// Told the resource each authorization is about, for the audit trail.
        public let recordResource: @Sendable (String) -> Void

        public init(
            codec: WireCodec, authorizer: any AuthorizationPort, deniedCode: String,
            recordResource: @escaping @Sendable (String) -> Void = { _ in }
        ) {
            self.codec = codec
            self.authorizer = authorizer
            self.deniedCode = deniedCode
            self.recordResource = recordResource
        }

        var authorization: InProcessAuthorization {
            InProcessAuthorization(authorizer: authorizer, deniedCode: deniedCode, recordResource: recordResource)
        }
    }

    /// An operation whose caller must be allowed `access(input, context)` before `handler` runs.
    public init<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ name: String,
        route: Route? = nil,
        input: Input.Type,
        access: @escaping @Sendable (Input, ServiceContext) async throws -> AccessRequest?,
        handler: @escaping @Sendable (Input, ServiceContext) async throws -> Output
    ) {
        self.init(name, route: route, input: input, accessAll: { input, context in try await access(input, context).map { [$0] } ?? [] }, handler: handler)
    }

    /// An operation whose caller must be allowed every request `accessAll` returns (a copy reads one object and writes another).
    public init<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ name: String,
        route: Route? = nil,
        input: Input.Type,
        accessAll: @escaping @Sendable (Input, ServiceContext) async throws -> [AccessRequest],
        handler: @escaping @Sendable (Input, ServiceContext) async throws -> Output
    ) {
        self.name = name
        self.route = route
        let authorizedHandler: @Sendable (Input, ServiceContext, InProcessAuthorization) async throws -> Output = { input, context, authorization in
            for accessRequest in try await accessAll(input, context) {
                authorization.recordResource(accessRequest.resource)
                try await authorization.authorizer.authorize(accessRequest, context: context, deniedCode: authorization.deniedCode)
            }
            do {
                return try await handler(input, context)
            } catch let concealed as ConcealedError {
                try await authorization.authorizer.authorize(concealed.unlessAllowed, context: context, deniedCode: authorization.deniedCode)
                throw concealed.error
            }
        }
        self.invoke = { request, context, invocation in
            let decoded = try invocation.codec.decode(Input.self, from: request)
            let output = try await authorizedHandler(decoded, context, invocation.authorization)
            return try invocation.codec.encode(output, operation: name, requestID: context.requestID)
        }
        self.invokeTyped = { input, context, authorization in
            guard let typed = input as? Input else { throw InProcessCallError(operation: name, problem: "takes \(Input.self), not \(type(of: input))") }
            return try await authorizedHandler(typed, context, authorization)
        }
    }

    /// An operation that reads the request and writes the response itself — a proxy to a process Slipway runs —
    /// authorizing the call with the authorizer it is lent before anything reaches that process. It has no typed,
    /// in-process form.
    public init(
        _ name: String,
        route: Route,
        raw handler: @escaping @Sendable (WireRequest, ServiceContext, InProcessAuthorization) async throws -> WireResponse
    ) {
        self.name = name
        self.route = route
        self.invoke = { request, context, invocation in try await handler(request, context, invocation.authorization) }
        self.invokeTyped = { _, _, _ in throw InProcessCallError(operation: name, problem: "is reached only over HTTP") }
    }

    /// An operation that authorizes its items itself, answering a denied item in its output rather than refusing the
    /// whole request (S3's DeleteObjects reports AccessDenied per key).
    public init<Input: Decodable & Sendable, Output: Encodable & Sendable>(
        _ name: String,
        route: Route? = nil,
        input: Input.Type,
        itemized handler: @escaping @Sendable (Input, ServiceContext, ItemAuthorizer) async throws -> Output
    ) {
        self.name = name
        self.route = route
        self.invoke = { request, context, invocation in
            let decoded = try invocation.codec.decode(Input.self, from: request)
            let output = try await handler(decoded, context, ItemAuthorizer(authorization: invocation.authorization, context: context))
            return try invocation.codec.encode(output, operation: name, requestID: context.requestID)
        }
        self.invokeTyped = { input, context, authorization in
            guard let typed = input as? Input else { throw InProcessCallError(operation: name, problem: "takes \(Input.self), not \(type(of: input))") }
            return try await handler(typed, context, ItemAuthorizer(authorization: authorization, context: context))
        }
    }

    /// Decides, one item at a time, what the caller of an itemized operation may do.
    public struct ItemAuthorizer: Sendable {
        let authorization: InProcessAuthorization
        let context: ServiceContext

        /// Whether the caller is allowed `request`.
        public func allows(_ request: AccessRequest) async throws -> Bool {
            authorization.recordResource(request.resource)
            return try await authorization.authorizer.decide(request, context: context).isAllowed
        }
    }

    /// How a call is authorized: the decider, the service's denial code, and who hears of the resources involved.
    public struct InProcessAuthorization: Sendable {
        public let authorizer: any AuthorizationPort
        public let deniedCode: String
        public let recordResource: @Sendable (String) -> Void

        public init(authorizer: any AuthorizationPort, deniedCode: String, recordResource: @escaping @Sendable (String) -> Void = { _ in }) {
            self.authorizer = authorizer
            self.deniedCode = deniedCode
            self.recordResource = recordResource
        }
    }

    /// Runs the operation in-process for `context.principal`, authorized exactly as over the wire.
    public func call<Input: Sendable, Output: Sendable>(_ input: Input, context: ServiceContext, authorization: InProcessAuthorization, as output: Output.Type = Output.self) async throws -> Output {
        let result = try await invokeTyped(input, context, authorization)
        guard let typed = result as? Output else { throw InProcessCallError(operation: name, problem: "answers \(type(of: result)), not \(Output.self)") }
        return typed
    }

    /// Runs the operation for one request.
    public func callAsFunction(_ request: WireRequest, context: ServiceContext, invocation: Invocation) async throws -> WireResponse {
        try await invoke(request, context, invocation)
    }
}

/// An in-process call that named an operation the service lacks or passed it the wrong input type: a programming
/// error in the caller, reported rather than trapped.
public struct InProcessCallError: Error, CustomStringConvertible {
    public let operation: String
    public let problem: String
    public var description: String { "in-process call to \(operation): \(problem)" }

    public init(operation: String, problem: String) {
        self.operation = operation
        self.problem = problem
    }
}

extension AWSService {
    /// Calls operation `name` in-process as `context.principal`, authorized exactly as over the wire.
    public func call<Input: Sendable, Output: Sendable>(
        _ name: String, _ input: Input, context: ServiceContext, authorizer: any AuthorizationPort, as output: Output.Type = Output.self
    ) async throws -> Output {
        guard let operation = operations.first(where: { $0.name == name }) else {
            throw InProcessCallError(operation: name, problem: "\(serviceName) has no such operation")
        }
        return try await operation.call(input, context: context, authorization: .init(authorizer: authorizer, deniedCode: accessDeniedCode))
    }
}
