import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing
@testable import SageMakerHosting

/// The invocation hop's pooled HTTP/1.1 client against a small model-server stand-in on loopback.
@Suite struct ModelServerConnectionsTests {
    /// Answers by path: `/echo` returns the body, `/big` 1 KiB, `/slow` never, `/close` answers then closes, `/drop`
    /// answers keep-alive and then closes the connection behind the client's back.
    final class StandIn: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        private var uri = ""
        private var body = ByteBuffer()

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                uri = head.uri
                body.clear()
            case .body(var chunk):
                body.writeBuffer(&chunk)
            case .end:
                if uri == "/slow" { return }
                let answer = uri == "/big" ? ByteBuffer(repeating: 65, count: 1024) : body
                var headers = HTTPHeaders([("Content-Type", "text/csv"), ("Content-Length", String(answer.readableBytes))])
                if uri == "/close" { headers.add(name: "Connection", value: "close") }
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(answer))), promise: nil)
                let closing = uri == "/close" || uri == "/drop"
                let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                    if closing { bound.value.close(promise: nil) }
                }
            }
        }
    }

    /// Runs `body` with a listening stand-in's port and how many connections it has accepted.
    func withServer(_ body: (Int, @Sendable () -> Int) async throws -> Void) async throws {
        let accepted = Counter()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                accepted.add()
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(StandIn())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        do {
            try await body(channel.localAddress?.port ?? 0, { accepted.value })
        } catch {
            try? await channel.close()
            throw error
        }
        try await channel.close()
    }

    /// A count several event loops add to.
    final class Counter: Sendable {
        private let count = Atomic<Int>(0)
        func add() { count.add(1, ordering: .relaxed) }
        var value: Int { count.load(ordering: .relaxed) }
    }

    func post(_ port: Int, _ path: String, _ body: String = "1,2", timeout: TimeAmount = .seconds(5), limit: Int = 512) async throws -> ModelServerClient.Answer {
        try await ModelServerConnections.shared.post(
            port: port, path: path, headers: [("Content-Type", "text/csv")], body: Array(body.utf8), timeout: timeout, limit: limit
        )
    }

    @Test func sequentialInvocationsShareOneKeptConnection() async throws {
        try await withServer { port, accepted in
            for index in 0..<5 {
                let answer = try await post(port, "/echo", "row-\(index)")
                #expect(answer.status == 200 && String(decoding: answer.body, as: UTF8.self) == "row-\(index)")
                #expect(answer.header("content-type") == "text/csv")
            }
            #expect(accepted() == 1)
        }
    }

    @Test func aConnectionTheServerClosesIsNotReusedAndTheNextRequestStillGoesThrough() async throws {
        try await withServer { port, accepted in
            #expect(try await post(port, "/close").status == 200)
            #expect(try await post(port, "/drop", "a").body == Array("a".utf8))
            try await Task.sleep(for: .milliseconds(100))  // the server has closed the kept connection by now
            #expect(try await post(port, "/echo", "b").body == Array("b".utf8))
            #expect(accepted() == 3)
        }
    }

    @Test func anAnswerOverTheLimitIsTooLargeAndOneThatNeverComesTimesOut() async throws {
        try await withServer { port, _ in
            do {
                _ = try await post(port, "/big", limit: 100)
                Issue.record("an answer over the limit was accepted")
            } catch let failure as ModelServerClient.Failure {
                guard case .tooLarge = failure else { Issue.record("expected tooLarge, got \(failure)"); return }
            }
            do {
                _ = try await post(port, "/slow", timeout: .milliseconds(200))
                Issue.record("an answer that never came was accepted")
            } catch let failure as ModelServerClient.Failure {
                guard case .timedOut = failure else { Issue.record("expected timedOut, got \(failure)"); return }
            }
            // The pool still serves after both.
            #expect(try await post(port, "/echo", "ok").body == Array("ok".utf8))
        }
    }

    @Test func nobodyListeningIsUnreachable() async throws {
        var port = 0
        try await withServer { bound, _ in port = bound }
        do {
            _ = try await post(port, "/echo")
            Issue.record("a closed port answered")
        } catch let failure as ModelServerClient.Failure {
            guard case .unreachable = failure else { Issue.record("expected unreachable, got \(failure)"); return }
        }
    }
}
