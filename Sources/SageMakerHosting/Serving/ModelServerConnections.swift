import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Kept-alive HTTP/1.1 connections to the model servers on their loopback ports, pooled per port, one exchange at a
/// time on each: the invocation path's hop, kept lean (the request written in one flush, on the caller's event loop).
final class ModelServerConnections: Sendable {
    static let shared = ModelServerConnections()

    /// Idle connections per port, most recently used last.
    private let idle = Mutex<[Int: [any Channel]]>([:])
    static let maxIdlePerPort = 64

    /// `POST path` to the model server on `port`; its answer, at most `limit` bytes of body.
    func post(port: Int, path: String, headers: [(String, String)], body: [UInt8], timeout: TimeAmount, limit: Int) async throws -> ModelServerClient.Answer {
        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path)
        head.headers.reserveCapacity(headers.count + 2)
        head.headers.add(name: "Host", value: "127.0.0.1:\(port)")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        head.headers.add(name: "Content-Length", value: String(body.count))
        // A kept connection the server closed meanwhile fails before the request leaves: that one is retried on another.
        while let channel = takeIdle(port: port) {
            do {
                return try await exchange(on: channel, port: port, head: head, body: body, timeout: timeout, limit: limit)
            } catch ModelServerClient.Failure.stale {
                continue
            }
        }
        let channel = try await connect(port: port)
        do {
            return try await exchange(on: channel, port: port, head: head, body: body, timeout: timeout, limit: limit)
        } catch ModelServerClient.Failure.stale {
            throw ModelServerClient.Failure.unreachable
        }
    }

    private func exchange(on channel: any Channel, port: Int, head: HTTPRequestHead, body: [UInt8], timeout: TimeAmount, limit: Int) async throws -> ModelServerClient.Answer {
        let promise = channel.eventLoop.makePromise(of: AnswerCollector.Outcome.self)
        let request = AnswerCollector.Request(head: head, body: ByteBuffer(bytes: body), timeout: timeout, limit: limit, answer: promise)
        channel.writeAndFlush(request, promise: nil)
        let outcome = try await promise.futureResult.get()
        if outcome.keepAlive, channel.isActive {
            giveBack(channel, port: port)
        } else {
            channel.close(promise: nil)
        }
        return outcome.answer
    }

    /// A kept connection to `port`, one on the calling thread's event loop first (no thread hop either way).
    private func takeIdle(port: Int) -> (any Channel)? {
        idle.withLock { pools in
            guard var pool = pools[port] else { return nil }
            defer { pools[port] = pool }
            pool.removeAll { !$0.isActive }
            if let index = pool.lastIndex(where: { $0.eventLoop.inEventLoop }) { return pool.remove(at: index) }
            return pool.popLast()
        }
    }

    private func giveBack(_ channel: any Channel, port: Int) {
        let kept = idle.withLock { pools -> Bool in
            var pool = pools[port, default: []]
            pool.removeAll { !$0.isActive }
            guard pool.count < Self.maxIdlePerPort else { return false }
            pool.append(channel)
            pools[port] = pool
            return true
        }
        if !kept { channel.close(promise: nil) }
    }

    /// A new connection, on the calling thread's event loop when it runs on one.
    private func connect(port: Int) async throws -> any Channel {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? MultiThreadedEventLoopGroup.singleton.next()
        do {
            return try await ClientBootstrap(group: loop)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(.seconds(2))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        try channel.pipeline.syncOperations.addHandler(AnswerCollector())
                    }
                }
                .connect(host: "127.0.0.1", port: port)
                .get()
        } catch {
            throw ModelServerClient.Failure.unreachable
        }
    }
}

/// Writes one request and collects its answer: the pipeline end of a model server connection.
final class AnswerCollector: ChannelDuplexHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = Request
    typealias OutboundOut = HTTPClientRequestPart

    /// One request, with where its answer goes.
    struct Request: Sendable {
        let head: HTTPRequestHead
        let body: ByteBuffer
        let timeout: TimeAmount
        let limit: Int
        let answer: EventLoopPromise<Outcome>
    }

    /// The answer, and whether the connection may carry another request.
    struct Outcome: Sendable {
        let answer: ModelServerClient.Answer
        let keepAlive: Bool
    }

    private var pending: EventLoopPromise<Outcome>?
    private var limit = 0
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()
    private var timer: Scheduled<Void>?
    private var answered = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        guard pending == nil, context.channel.isActive else {
            request.answer.fail(ModelServerClient.Failure.stale)
            promise?.fail(ChannelError.ioOnClosedChannel)
            return
        }
        pending = request.answer
        limit = request.limit
        head = nil
        answered = false
        body.clear()
        let bound = NIOLoopBound((handler: self, context: context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: request.timeout) {
            bound.value.handler.fail(ModelServerClient.Failure.timedOut)
            bound.value.context.close(promise: nil)
        }
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if request.body.readableBytes > 0 { context.write(wrapOutboundOut(.body(.byteBuffer(request.body))), promise: nil) }
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard pending != nil else { return }
        answered = true
        switch unwrapInboundIn(data) {
        case .head(let received):
            if let length = received.headers.first(name: "content-length").flatMap(Int.init), length > limit {
                fail(ModelServerClient.Failure.tooLarge)
                context.close(promise: nil)
                return
            }
            head = received
        case .body(var chunk):
            guard body.readableBytes + chunk.readableBytes <= limit else {
                fail(ModelServerClient.Failure.tooLarge)
                context.close(promise: nil)
                return
            }
            body.writeBuffer(&chunk)
        case .end:
            guard let head, let promise = pending else { return }
            finish()
            let answer = ModelServerClient.Answer(
                status: Int(head.status.code), headers: head.headers.map { ($0.name, $0.value) }, body: Array(body.readableBytesView)
            )
            body.clear()
            promise.succeed(Outcome(answer: answer, keepAlive: head.isKeepAlive))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // Closed before any answer came: the request may never have been read (a server that closed a kept connection).
        fail(answered ? ModelServerClient.Failure.broken("the model server closed the connection mid-answer") : ModelServerClient.Failure.stale)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(ModelServerClient.Failure.broken("\(error)"))
        context.close(promise: nil)
    }

    private func finish() {
        timer?.cancel()
        timer = nil
        pending = nil
    }

    private func fail(_ failure: ModelServerClient.Failure) {
        guard let promise = pending else { return }
        finish()
        promise.fail(failure)
    }
}
