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
        self.invoke = { request, context, invocation in
            let decoded = try invocation.codec.decode(Input.self, from: request)
            for accessRequest in try await accessAll(decoded, context) {
                invocation.recordResource(accessRequest.resource)
                try await invocation.authorizer.authorize(accessRequest, context: context, deniedCode: invocation.deniedCode)
            }
            let output = try await handler(decoded, context)
            return try invocation.codec.encode(output, operation: name, requestID: context.requestID)
        }
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
            let output = try await handler(decoded, context, ItemAuthorizer(invocation: invocation, context: context))
            return try invocation.codec.encode(output, operation: name, requestID: context.requestID)
        }
    }

    /// Decides, one item at a time, what the caller of an itemized operation may do.
    public struct ItemAuthorizer: Sendable {
        let invocation: Invocation
        let context: ServiceContext

        /// Whether the caller is allowed `request`.
        public func allows(_ request: AccessRequest) async throws -> Bool {
            invocation.recordResource(request.resource)
            return try await invocation.authorizer.decide(request, context: context).isAllowed
        }
    }

    /// Runs the operation for one request.
    public func callAsFunction(_ request: WireRequest, context: ServiceContext, invocation: Invocation) async throws -> WireResponse {
        try await invoke(request, context, invocation)
    }
}
