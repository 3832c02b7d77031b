import NIOCore
import NIOHTTPTypes

/// Lets a connection read up to 1 MiB at a time once its reads keep filling their buffers, as a large upload's do,
/// instead of NIO's 64 KiB ceiling. Every read is one trip through the request body's pipeline, so fewer and larger
/// ones make large uploads about a quarter faster (`bench/s3.py`); small requests keep small buffers.
///
/// Install it among the server's additional channel handlers; it passes everything on.
public final class ReceiveBufferSizer: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart

    /// The largest read a connection grows to.
    public static let maximumRead = 1 << 20

    public init() {}

    public func handlerAdded(context: ChannelHandlerContext) {
        let allocator = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: Self.maximumRead)
        try? context.channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: allocator)
    }
}
