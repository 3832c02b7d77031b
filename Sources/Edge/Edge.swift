import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceKit
import SigV4
import SlipwayCore
import Wire

/// The HTTP front: picks the service, authenticates the signature, hands the request to the operation, audits the outcome.
///
/// Services never see Hummingbird; the edge adapts its request to `WireRequest` and back.
public struct Edge: HTTPResponder {
    public typealias Context = EdgeRequestContext

    /// Fixed facts of the deployment the edge needs.
    public struct Settings: Sendable {
        public var defaultAccount: AccountID
        public var region: Region
        public var maxBodySize: Int
        public var maxHeaderBytes: Int
        /// The largest body an operation may stream in (S3's single PUT limit, 5 GiB).
        public var maxStreamedBodySize: Int

        public init(
            defaultAccount: AccountID, region: Region, maxBodySize: Int = 16 * 1024 * 1024, maxHeaderBytes: Int = 16 * 1024,
            maxStreamedBodySize: Int = 5 * 1024 * 1024 * 1024
        ) {
            self.defaultAccount = defaultAccount
            self.region = region
            self.maxBodySize = maxBodySize
            self.maxHeaderBytes = maxHeaderBytes
            self.maxStreamedBodySize = maxStreamedBodySize
        }
    }

    /// Answers requests under `/_slipway/` (health, admin endpoints); nil means "not mine".
    public typealias AdminHandler = @Sendable (Request, EdgeRequestContext) async throws -> Response?

    let registry: ServiceRegistry
    let identities: any IdentityPort
    let authorizer: any AuthorizationPort
    let audit: AuditLog?
    let ids: any IDGenerator
    /// Time for signature freshness: always the real wall clock, since clients sign with it.
    let signatureClock: any WallClock
    /// Time for everything the service decides (credential expiry, conditions); tests may move it.
    let serviceClock: any WallClock
    let settings: Settings
    let admin: AdminHandler?
    /// Parts reached without AWS signatures (git, the forge's API), consulted for unsigned requests only.
    let fronts: [any UnsignedFront]
    let verifier = SigV4Verifier()
    /// The `500` answers given, for the health endpoint.
    let internalErrors: InternalErrorCount
    /// Whether this edge answers a TLS listener: its requests have `aws:SecureTransport` true.
    private(set) var secure = false

    /// The same edge for a TLS listener.
    public func overTLS() -> Edge {
        var copy = self
        copy.secure = true
        return copy
    }

    public init(
        registry: ServiceRegistry, identities: any IdentityPort, authorizer: any AuthorizationPort, audit: AuditLog?,
        ids: any IDGenerator, signatureClock: any WallClock, serviceClock: any WallClock, settings: Settings,
        admin: AdminHandler? = nil, fronts: [any UnsignedFront] = [], internalErrors: InternalErrorCount = InternalErrorCount()
    ) {
        self.registry = registry
        self.identities = identities
        self.authorizer = authorizer
        self.audit = audit
        self.ids = ids
        self.signatureClock = signatureClock
        self.serviceClock = serviceClock
        self.settings = settings
        self.admin = admin
        self.fronts = fronts
        self.internalErrors = internalErrors
    }

    public func respond(to request: Request, context: EdgeRequestContext) async throws -> Response {
        let response: Response
        do {
            response = try await answer(request, context: context)
        } catch {
            // What is thrown here Hummingbird answers 500, unless the error names its own status.
            if ((error as? any HTTPResponseError)?.status ?? .internalServerError) == .internalServerError { internalErrors.record() }
            throw error
        }
        if response.status == .internalServerError { internalErrors.record() }
        return response
    }

    private func answer(_ request: Request, context: EdgeRequestContext) async throws -> Response {
        if request.uri.path.hasPrefix("/_slipway/"), let admin, let response = try await admin(request, context) {
            return response
        }
        if !fronts.isEmpty, !Self.isSigned(request) {
            let path = Self.percentDecoded(request.uri.path)
            if let front = fronts.first(where: { $0.claims(method: request.method.rawValue, path: path) }) {
                return try await unsigned(request, front: front, path: path, context: context)
            }
        }
        var request = request
        let requestID = ids.uuid()
        let exchange = Exchange(requestID: requestID, receivedAt: serviceClock.now(), sourceIP: context.remoteIP)
        let wire: WireResponse
        do {
            wire = try await handle(&request, exchange: exchange, logger: context.logger)
        } catch {
            wire = exchange.errorResponse(error, method: request.method.rawValue, logger: context.logger)
        }
        if let audit {
            audit.record(exchange.auditRecord(status: wire.status))
        }
        var response = Self.response(wire, isHead: request.method == .head)
        if exchange.closeConnection { response.headers[.connection] = "close" }
        return response
    }

    private func handle(_ request: inout Request, exchange: Exchange, logger: Logger) async throws -> WireResponse {
        var headers: [(name: String, value: String)] = []
        headers.reserveCapacity(request.headers.count + 1)
        var headerBytes = 0
        // By lowercased name, repeats joined with a comma, as condition keys read them.
        var byName: [String: String] = [:]
        for field in request.headers {
            headers.append((field.name.rawName, field.value))
            headerBytes += field.name.rawName.utf8.count + field.value.utf8.count + 4
            let name = field.name.canonicalName
            byName[name] = byName[name].map { $0 + "," + field.value } ?? field.value
        }
        if let authority = request.head.authority, byName["host"] == nil {
            headers.append(("host", authority))
            byName["host"] = authority
        }
        let rawPath = request.uri.path
        let rawQuery = request.uri.query ?? ""
        let signed = SigV4Request(method: request.method.rawValue, path: rawPath, query: rawQuery, headers: headers)

        // 0. S3 still takes signature version 2 (boto3's and the CLI's default presigned URLs).
        let legacy: SigV2Claim?
        do {
            legacy = try SigV2.claim(of: signed)
        } catch {
            throw EdgeError.signature(error, s3: true)
        }
        // 1. The SigV4 scope names the service, when there is one.
        let claim: SigV4Claim?
        do {
            claim = legacy == nil ? try SigV4Parser.claim(of: signed) : nil
        } catch {
            // No service is known yet: answer in the shape of the best guess from the other clues.
            exchange.entry = identifyWithoutScope(signed)
            throw EdgeError.signature(error, s3: exchange.entry?.service.signingName == "s3")
        }
        // A header that claims the request for one service (an MLflow server's) wins over a shared signing name.
        if let claimed = registry.service(claimedBy: { signed.header($0) }), claim == nil || claim?.service == claimed.service.signingName {
            exchange.entry = claimed
        } else if let claim {
            exchange.entry = registry.service(signingName: claim.service, claimedByPath: rawPath) ?? registry.service(signingName: claim.service)
        }
        if legacy != nil { exchange.entry = registry.service(signingName: "s3") }
        if exchange.entry == nil { exchange.entry = identifyWithoutScope(signed) }

        if headerBytes > settings.maxHeaderBytes { throw EdgeError.headersTooLarge(limit: settings.maxHeaderBytes) }

        var path = Self.percentDecoded(rawPath)
        // Virtual-host addressing (`bucket.localhost`) is routed as the path-style request it stands for.
        if exchange.entry?.service.signingName == "s3", let host = signed.header("host"), let bucket = Self.bucketName(fromHost: host) {
            path = "/" + bucket + path
        }
        let queryItems = Self.queryItems(rawQuery)
        var wireRequest = WireRequest(
            method: request.method.rawValue, path: path, queryItems: queryItems, headers: headers, body: [], pathParameters: [:]
        )
        wireRequest.rawPath = rawPath
        wireRequest.rawQuery = rawQuery
        // REST operations are routed before the body is read, so one that streams its body never has it collected.
        var routed: (operation: ServiceOperation, request: WireRequest)?
        if let entry = exchange.entry, !entry.restOperations.isEmpty {
            routed = try route(wireRequest, in: entry)
        }
        let streaming = routed?.operation.route?.streamsBody == true

        var body: [UInt8] = []
        if !streaming {
            do {
                let buffer = try await request.collectBody(upTo: settings.maxBodySize)
                body = Array(buffer.readableBytesView)
            } catch {
                throw EdgeError.bodyTooLarge(limit: settings.maxBodySize)
            }
        }
        // Form-encoded Query requests carry the Action in the body, the last clue.
        if exchange.entry == nil { exchange.entry = identifyByAction(signed, body: body) }
        guard let entry = exchange.entry else { throw EdgeError.unknownService }
        // No name, key or parameter may hold U+0000 (PostgreSQL cannot store it); refused before anything reads them.
        if Self.holdsNUL(path: path, queryItems: queryItems) { throw EdgeError.nulCharacter(in: entry.service.wireProtocol) }

        // A signature is only good for the service its scope names; one scoped elsewhere never reaches this one.
        if let claim, claim.service != entry.service.signingName {
            throw EdgeError.wrongScope(service: entry.service.signingName, s3: entry.service.signingName == "s3")
        }
        let isS3 = entry.service.signingName == "s3"
        let isJSON = entry.service.accessDeniedCode == "AccessDeniedException"
        let principal: Principal
        var payload = body
        var decoder: AWSChunkedDecoder?
        var region = settings.region
        if var claim {
            // Only S3 lets a signature leave the body out (UNSIGNED-PAYLOAD, aws-chunked); every other service signs
            // the body it receives, so a captured request cannot be replayed with another one.
            if !isS3, claim.payload != .absent, !claim.payload.isHash { claim.payload = .absent }
            guard let scoped = Region(claim.region) else { throw EdgeError.signature(.invalidRegion(claim.region), s3: isS3) }
            region = scoped
            let identity = try await signingIdentity(claim.accessKeyID, sessionToken: claim.sessionToken, exchange: exchange, s3: isS3, json: isJSON)
            if streaming, case .absent = claim.payload {
                throw EdgeError.missingContentSHA256
            }
            do {
                if streaming {
                    decoder = try authenticateStreaming(claim, request: signed, secret: identity.secretAccessKey)
                } else {
                    payload = try authenticate(claim, request: signed, body: body, secret: identity.secretAccessKey)
                }
            } catch {
                throw EdgeError.signature(error, s3: isS3)
            }
            principal = identity.principal
        } else if let legacy {
            principal = try await authenticateV2(legacy, request: signed, exchange: exchange)
        } else if entry.service.acceptsAnonymous {
            principal = .anonymous
        } else {
            throw EdgeError.missingAuthentication(json: isJSON)
        }
        exchange.principal = principal

        var pump: RequestBodyPump?
        if var prepared = routed {
            if streaming {
                let claimedHash: String? = if case .hash(let hash) = claim?.payload { hash } else { nil }
                let bodyPump = RequestBodyPump(body: request.body, decoder: decoder, claimedHash: claimedHash, limit: settings.maxStreamedBodySize)
                pump = bodyPump
                let length = signed.header("x-amz-decoded-content-length").flatMap { Int($0) }
                    ?? (decoder == nil ? signed.header("content-length").flatMap { Int($0) } : nil)
                prepared.request.bodyStream = ByteStream(length: length) { try await bodyPump.next() }
            } else {
                prepared.request.body = payload
            }
            routed = prepared
        } else {
            wireRequest.body = payload
            routed = try route(wireRequest, in: entry)
        }
        guard let (operation, routedRequest) = routed else { throw entry.codec.unknownOperation(nil) }
        exchange.operation = operation.name
        var serviceContext = ServiceContext(
            account: principal.account ?? settings.defaultAccount, region: region, principal: principal,
            requestID: exchange.requestID, logger: logger, sourceIP: exchange.sourceIP, secureTransport: secure,
            receivedAt: exchange.receivedAt
        )
        serviceContext.userAgent = signed.header("user-agent")
        if let claim {
            serviceContext.signature = SignatureFacts(authType: claim.isPresigned ? "REST-QUERY-STRING" : "REST-HEADER", version: "AWS4-HMAC-SHA256", signedAt: claim.date)
        } else if let legacy {
            serviceContext.signature = SignatureFacts(authType: legacy.isPresigned ? "REST-QUERY-STRING" : "REST-HEADER", version: "AWS", signedAt: legacy.date ?? exchange.receivedAt)
        }
        serviceContext.headers = byName
        let invocation = ServiceOperation.Invocation(
            codec: entry.codec, authorizer: authorizer, deniedCode: entry.service.accessDeniedCode,
            recordResource: { exchange.resource = $0 }
        )
        var response: WireResponse
        do {
            response = try await operation(routedRequest, context: serviceContext, invocation: invocation)
        } catch {
            response = exchange.errorResponse(error, method: request.method.rawValue, logger: logger)
        }
        await finishBody(pump, exchange: exchange)
        await entry.service.decorate(&response, for: routedRequest)
        return response
    }

    /// Whether a request carries an AWS signature (SigV4 or SigV2, header or query): such a request is always an AWS
    /// API call, even on a path a front claims (an S3 bucket named `v1`).
    static func isSigned(_ request: Request) -> Bool {
        if let authorization = request.headers[.authorization], authorization.hasPrefix("AWS4-") || authorization.hasPrefix("AWS ") { return true }
        let query = request.uri.query ?? ""
        return query.contains("X-Amz-Signature=") || query.contains("X-Amz-Credential=") || query.contains("Signature=")
    }

    /// A request for a front: its body streamed to it, its answer streamed back.
    private func unsigned(_ request: Request, front: any UnsignedFront, path: String, context: EdgeRequestContext) async throws -> Response {
        if Self.holdsNUL(path: path, queryItems: Self.queryItems(request.uri.query ?? "")) {
            var refused = WireResponse(status: 400)
            refused.headers = [("Content-Type", "text/plain; charset=utf-8")]
            refused.body = Array("The request's URI holds a NUL character (%00).\n".utf8)
            return Self.response(refused, isHead: request.method == .head)
        }
        var headers: [(name: String, value: String)] = []
        for field in request.headers { headers.append((field.name.rawName, field.value)) }
        if let authority = request.head.authority, !headers.contains(where: { $0.name.lowercased() == "host" }) { headers.append(("host", authority)) }
        var wire = WireRequest(method: request.method.rawValue, path: path, queryItems: Self.queryItems(request.uri.query ?? ""), headers: headers)
        wire.rawPath = request.uri.path
        wire.rawQuery = request.uri.query ?? ""
        wire.secureTransport = secure
        let pump = RequestBodyPump(body: request.body, decoder: nil, claimedHash: nil, limit: settings.maxStreamedBodySize)
        wire.bodyStream = ByteStream(length: request.headers[.contentLength].flatMap { Int($0) }) { try await pump.next() }
        let exchange = Exchange(requestID: ids.uuid(), receivedAt: serviceClock.now(), sourceIP: context.remoteIP)
        let facts = FrontAudit()
        let answer = await front.handle(wire, sourceIP: context.remoteIP, audit: facts)
        await finishBody(pump, exchange: exchange)
        if let audit {
            let known = facts.snapshot
            let failed = answer.status >= 400
            let decision: AuditRecord.Decision =
                known.denied ? .denied : known.principal == nil && failed ? .unauthenticated : failed ? .failed : .allowed
            audit.record(AuditRecord(
                time: exchange.receivedAt, requestID: exchange.requestID, account: known.principal?.account?.rawValue, principal: known.principal?.arn ?? "-",
                accessKeyID: known.principal?.accessKeyID, service: front.auditName, operation: known.operation, resource: known.resource,
                decision: decision, errorCode: failed ? String(answer.status) : nil, httpStatus: answer.status, sourceIP: context.remoteIP
            ))
        }
        var response = Self.response(answer, isHead: request.method == .head)
        if exchange.closeConnection { response.headers[.connection] = "close" }
        return response
    }

    /// A body the operation did not read (a denied or failed upload) is drained if small, else the connection closes,
    /// so its unread bytes are never parsed as the next request.
    private func finishBody(_ pump: RequestBodyPump?, exchange: Exchange) async {
        guard let pump, !pump.isFinished else { return }
        if await !pump.drain(limit: 1024 * 1024) { exchange.closeConnection = true }
    }

    /// The identity an access key signs as, when the session token presented is its own and it has not expired.
    private func signingIdentity(_ accessKeyID: String, sessionToken: String?, exchange: Exchange, s3: Bool, json: Bool) async throws -> SigningIdentity {
        exchange.accessKeyID = accessKeyID
        let identity: SigningIdentity
        do {
            identity = try await identities.signingIdentity(accessKeyID: accessKeyID)
        } catch is CredentialLookupFailure {
            throw EdgeError.invalidToken(s3: s3, json: json)
        }
        if identity.sessionToken != sessionToken {
            throw identity.sessionToken == nil || sessionToken == nil
                ? EdgeError.invalidToken(s3: s3, json: json) : EdgeError.invalidSessionToken(s3: s3, json: json)
        }
        if let expiration = identity.expiration, expiration <= exchange.receivedAt { throw EdgeError.expiredToken(s3: s3, json: json) }
        return identity
    }

    /// The principal a SigV2 request (S3 only) is signed by: its key's identity, the session token matching, the
    /// signature over the path-style resource (the bucket first for a virtual-host request).
    private func authenticateV2(_ claim: SigV2Claim, request: SigV4Request, exchange: Exchange) async throws -> Principal {
        let identity = try await signingIdentity(claim.accessKeyID, sessionToken: claim.sessionToken, exchange: exchange, s3: true, json: false)
        let resourcePath = SigV2.resourcePath(path: request.path, virtualHostBucket: request.header("host").flatMap(Self.bucketName(fromHost:)))
        do {
            try SigV2.verify(claim, request: request, resourcePath: resourcePath, secretAccessKey: identity.secretAccessKey, now: signatureClock.now())
        } catch {
            throw EdgeError.signature(error, s3: true)
        }
        return identity.principal
    }

    /// Verifies the signature of a request whose body will stream; returns the aws-chunked decoder when it was sent that way.
    private func authenticateStreaming(_ claim: SigV4Claim, request: SigV4Request, secret: String) throws(SigV4Error) -> AWSChunkedDecoder? {
        let verified = try verifier.verify(claim, request: request, body: nil, secretAccessKey: secret, now: signatureClock.now())
        guard claim.payload.isStreaming else { return nil }
        return AWSChunkedDecoder(
            verified: verified, declaredTrailer: request.header("x-amz-trailer"),
            decodedContentLength: request.header("x-amz-decoded-content-length").flatMap { Int($0) }
        )
    }

    /// Verifies the signature and returns the payload, decoded from `aws-chunked` when it was sent that way.
    private func authenticate(_ claim: SigV4Claim, request: SigV4Request, body: [UInt8], secret: String) throws(SigV4Error) -> [UInt8] {
        let hashable: [UInt8]? = switch claim.payload {
        case .hash, .absent: body
        default: nil
        }
        let verified = try verifier.verify(claim, request: request, body: hashable, secretAccessKey: secret, now: signatureClock.now())
        guard claim.payload.isStreaming else { return body }
        var decoder = AWSChunkedDecoder(
            verified: verified, declaredTrailer: request.header("x-amz-trailer"),
            decodedContentLength: request.header("x-amz-decoded-content-length").flatMap { Int($0) }
        )
        let payload = try decoder.feed(body)
        _ = try decoder.finish()
        return payload
    }

    /// The operation a request names, with the path labels of REST routes filled in.
    private func route(_ request: WireRequest, in entry: ServiceRegistry.Entry) throws -> (operation: ServiceOperation, request: WireRequest) {
        if let name = entry.codec.operationName(of: request) {
            guard let operation = entry.operationsByName[name] else { throw entry.codec.unknownOperation(name) }
            return (operation, request)
        }
        for operation in entry.restOperations {
            guard let route = operation.route, route.method == request.method,
                  let labels = route.template.match(path: request.path, queryItems: request.queryItems)
            else { continue }
            var routed = request
            routed.pathParameters = labels
            return (operation, routed)
        }
        throw entry.codec.unknownOperation(nil)
    }

    /// Service identification after the SigV4 scope: `X-Amz-Target`, then a bucket host, then a REST route's path.
    private func identifyWithoutScope(_ request: SigV4Request) -> ServiceRegistry.Entry? {
        if let target = request.header("x-amz-target"), let entry = registry.service(target: target) { return entry }
        if let host = request.header("host"), Self.bucketName(fromHost: host) != nil, let s3 = registry.service(signingName: "s3") {
            return s3
        }
        let path = Self.percentDecoded(request.path)
        let query = Self.queryItems(request.query)
        return registry.entries.first { entry in
            !registry.isClaimedOnly(entry) && entry.restOperations.contains { operation in
                guard let route = operation.route, route.method == request.method else { return false }
                return route.template.match(path: path, queryItems: query) != nil
            }
        }
    }

    /// The last clue: a Query `Action` in the URL or the form body names an operation one service has.
    private func identifyByAction(_ request: SigV4Request, body: [UInt8]) -> ServiceRegistry.Entry? {
        var items = Self.queryItems(request.query)
        if request.header("content-type")?.hasPrefix("application/x-www-form-urlencoded") == true {
            items += Self.queryItems(String(decoding: body, as: UTF8.self))
        }
        guard let action = items.first(where: { $0.name == "Action" })?.value else { return nil }
        return registry.entries.first { entry in
            if case .query = entry.service.wireProtocol { return entry.operationsByName[action] != nil }
            return false
        }
    }

    /// `bucket` from `bucket.localhost` or `bucket.localhost:9000`.
    static func bucketName(fromHost host: String) -> String? {
        let hostname = host.split(separator: ":").first.map(String.init) ?? host
        guard hostname.hasSuffix(".localhost") else { return nil }
        let bucket = hostname.dropLast(".localhost".count)
        return bucket.isEmpty ? nil : String(bucket)
    }

    /// Percent-decoded `name=value` pairs of a query string or form body (`+` is a space, as forms encode it).
    static func queryItems(_ raw: String) -> [(name: String, value: String)] {
        guard !raw.isEmpty else { return [] }
        return raw.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                guard text.utf8.contains(UInt8(ascii: "+")) else { return percentDecoded(text) }
                return percentDecoded(text.replacingOccurrences(of: "+", with: " "))
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Whether the decoded path or a query parameter holds U+0000, which no name, key or parameter may hold.
    static func holdsNUL(path: String, queryItems: [(name: String, value: String)]) -> Bool {
        path.containsNUL || queryItems.contains { $0.name.containsNUL || $0.value.containsNUL }
    }

    /// `text` with its percent escapes decoded (as it stands when it has none or they are invalid).
    static func percentDecoded(_ text: some StringProtocol) -> String {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        return text.removingPercentEncoding ?? String(text)
    }

    /// The Hummingbird response for a service's answer (streamed when it streams).
    public static func response(_ wire: WireResponse, isHead: Bool) -> Response {
        var fields = HTTPFields()
        for (name, value) in wire.headers {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        if let stream = wire.bodyStream, !isHead {
            if let length = stream.length, fields[.contentLength] == nil { fields[.contentLength] = String(length) }
            return Response(status: .init(code: wire.status), headers: fields, body: ResponseBody(contentLength: stream.length) { writer in
                for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
                try await writer.finish(nil)
            })
        }
        let body = ByteBuffer(bytes: wire.body)
        // 304 carries no body by definition.
        if isHead || wire.status == 304 {
            if isHead, fields[.contentLength] == nil { fields[.contentLength] = String(wire.body.count) }
            return Response(status: .init(code: wire.status), headers: fields)
        }
        return Response(status: .init(code: wire.status), headers: fields, body: ResponseBody(byteBuffer: body))
    }
}
