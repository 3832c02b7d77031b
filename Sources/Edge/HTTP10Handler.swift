import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Keeps HTTP/1.0's connection rules, which the version-free request types above it cannot see: a request that does
/// not ask to keep the connection (HTTP/1.0 without `Connection: keep-alive`) is answered as HTTP/1.0 with
/// `Connection: close` and its connection closed after the answer, so ApacheBench and other HTTP/1.0 clients do not
/// wait for a close that never comes. A kept HTTP/1.0 connection is answered as HTTP/1.0 with `Connection: keep-alive`.
///
/// Install it through `HTTP10Handler.Installer` among the server's additional channel handlers: it puts this handler
/// where it can read the HTTP/1 version, just before the conversion to HTTP types.
public final class HTTP10Handler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPServerRequestPart
    public typealias InboundOut = HTTPServerRequestPart
    public typealias OutboundIn = HTTPServerResponsePart
    public typealias OutboundOut = HTTPServerResponsePart

    /// The versions and keep-alive wishes of the requests not yet answered, oldest first (pipelined requests).
    private var pending: [(version: HTTPVersion, keepAlive: Bool)] = []

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        let keepAlive = head.isKeepAlive
        pending.append((head.version, keepAlive))
        if !keepAlive, head.headers["connection"].first?.lowercased() != "close" {
            // What the layer above reads to end the connection after this answer.
            head.headers.replaceOrAdd(name: "connection", value: "close")
        }
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        guard case .head(var head) = unwrapOutboundIn(data), head.status != .continue, !pending.isEmpty else {
            context.write(data, promise: promise)
            return
        }
        let request = pending.removeFirst()
        if request.version.major == 1, request.version.minor == 0 {
            head.version = request.version
            head.headers.replaceOrAdd(name: "connection", value: request.keepAlive ? "keep-alive" : "close")
        } else if !request.keepAlive {
            head.headers.replaceOrAdd(name: "connection", value: "close")
        }
        context.write(wrapOutboundOut(.head(head)), promise: promise)
    }

    /// The additional channel handler that installs an `HTTP10Handler` before the HTTP/1-to-HTTP-types conversion
    /// (additional handlers come after it); it then passes everything on.
    public final class Installer: ChannelInboundHandler, RemovableChannelHandler {
        public typealias InboundIn = HTTPRequestPart

        public init() {}

        public func handlerAdded(context: ChannelHandlerContext) {
            let pipeline = context.pipeline.syncOperations
            if let codec = try? pipeline.handler(type: HTTP1ToHTTPServerCodec.self) {
                try? pipeline.addHandler(HTTP10Handler(), position: .before(codec))
            }
        }
    }
}
