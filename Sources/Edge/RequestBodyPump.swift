import Crypto
import Hummingbird
import SigV4

/// Turns Hummingbird's request body into the payload an operation streams: aws-chunked frames decoded and
/// their signatures checked, a claimed SHA-256 verified at the end, the size bounded.
///
/// The operation must read to the end: only then are the last checks made, and a failure there
/// reaches it as an error before it commits anything.
final class RequestBodyPump: @unchecked Sendable {
    private var iterator: RequestBody.AsyncIterator
    private var decoder: AWSChunkedDecoder?
    private var hasher: SHA256?
    private let claimedHash: String?
    private let limit: Int
    private var received = 0
    private var finished = false

    init(body: RequestBody, decoder: AWSChunkedDecoder?, claimedHash: String?, limit: Int) {
        iterator = body.makeAsyncIterator()
        self.decoder = decoder
        self.claimedHash = claimedHash
        hasher = claimedHash == nil ? nil : SHA256()
        self.limit = limit
    }

    /// Whether the body was read to its end.
    var isFinished: Bool { finished }

    /// Reads and discards what the operation left unread, up to `limit` bytes, so the connection can carry
    /// the next request; false when more remained (the connection must then be closed).
    func drain(limit: Int) async -> Bool {
        var discarded = 0
        while !finished {
            guard let buffer = try? await iterator.next() else {
                finished = true
                return true
            }
            discarded += buffer.readableBytes
            if discarded > limit { return false }
        }
        return true
    }

    /// The next piece of payload, or nil once the body ended and every check passed.
    func next() async throws -> [UInt8]? {
        while !finished {
            guard let buffer = try await iterator.next() else {
                finished = true
                return try finish()
            }
            received += buffer.readableBytes
            guard received <= limit else { throw EdgeError.bodyTooLarge(limit: limit) }
            let bytes = Array(buffer.readableBytesView)
            hasher?.update(data: bytes)
            if decoder != nil {
                let decoded = try decodeChunk(bytes)
                if !decoded.isEmpty { return decoded }
            } else if !bytes.isEmpty {
                return bytes
            }
        }
        return nil
    }

    private func decodeChunk(_ bytes: [UInt8]) throws -> [UInt8] {
        do {
            return try decoder?.feed(bytes) ?? bytes
        } catch {
            throw EdgeError.signature(error, s3: true)
        }
    }

    private func finish() throws -> [UInt8]? {
        if let claimedHash, let hasher {
            let computed = hasher.finalize().map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
            if computed != claimedHash.lowercased() {
                throw EdgeError.signature(.contentSHA256Mismatch(claimed: claimedHash, computed: computed), s3: true)
            }
        }
        if decoder != nil {
            do {
                _ = try decoder?.finish()
            } catch {
                throw EdgeError.signature(error, s3: true)
            }
        }
        return nil
    }
}
