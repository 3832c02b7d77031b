/// A body that arrives or leaves in chunks, so large payloads never sit whole in memory.
///
/// An operation input with a `payload` member of this type gets the request body as it streams in;
/// an output with one streams its body out. A buffered body can be wrapped too.
public struct ByteStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    private let stream: AsyncThrowingStream<[UInt8], any Error>
    /// The number of bytes the stream will yield, when known in advance (Content-Length).
    public let length: Int?

    public init(_ stream: AsyncThrowingStream<[UInt8], any Error>, length: Int?) {
        self.stream = stream
        self.length = length
    }

    /// A stream of bytes already in memory.
    public init(bytes: [UInt8]) {
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        if !bytes.isEmpty { continuation.yield(bytes) }
        continuation.finish()
        self.init(stream, length: bytes.count)
    }

    /// A stream that produces chunks by calling `next` until it returns nil.
    public init(length: Int?, next: @escaping @Sendable () async throws -> [UInt8]?) {
        let stream = AsyncThrowingStream<[UInt8], any Error>(unfolding: next)
        self.init(stream, length: length)
    }

    public func makeAsyncIterator() -> AsyncThrowingStream<[UInt8], any Error>.AsyncIterator {
        stream.makeAsyncIterator()
    }

    /// Every remaining byte, for callers that need the whole body (bounded by `limit`).
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in self {
            guard bytes.count + chunk.count <= limit else { throw WireError.invalidRequest("The body is larger than \(limit) bytes.") }
            bytes += chunk
        }
        return bytes
    }

    // Wire fills and reads streams itself; Codable conformance only lets shapes declare the member.
}

extension ByteStream: Codable {
    public init(from decoder: any Decoder) throws {
        throw DecodingError.typeMismatch(ByteStream.self, .init(codingPath: decoder.codingPath, debugDescription: "a stream is bound only as a payload"))
    }

    public func encode(to encoder: any Encoder) throws {
        throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath, debugDescription: "a stream is bound only as a payload"))
    }
}
