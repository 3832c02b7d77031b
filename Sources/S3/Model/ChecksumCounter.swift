import SigV4
import Synchronization
import Wire

/// Computes an object's checksum while its bytes stream into the blob store.
final class ChecksumCounter: Sendable {
    let algorithm: ChecksumAlgorithm
    private let accumulator: Mutex<ChecksumAccumulator>

    init(_ algorithm: ChecksumAlgorithm) {
        self.algorithm = algorithm
        accumulator = Mutex(ChecksumAccumulator(algorithm))
    }

    /// `source` with every chunk also fed to the checksum.
    func counting(_ source: ByteStream) -> ByteStream {
        let box = IteratorBox(iterator: source.makeAsyncIterator())
        return ByteStream(length: source.length) { [self] in
            guard let chunk = try await box.next() else { return nil }
            accumulator.withLock { $0.update(chunk) }
            return chunk
        }
    }

    var base64: String { accumulator.withLock { $0.base64Digest() } }
}

/// Lets one consumer pull from an iterator inside a `@Sendable` closure.
final class IteratorBox: @unchecked Sendable {
    private var iterator: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator

    init(iterator: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator) {
        self.iterator = iterator
    }

    func next() async throws -> [UInt8]? {
        try await iterator.next()
    }
}
