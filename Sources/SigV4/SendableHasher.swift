import Crypto

/// Holds a running swift-crypto hash inside `Sendable` values.
/// swift-crypto 3.x does not declare its hash functions `Sendable` (4.x does), though they are
/// copy-on-write values with no shared mutable state, so carrying one across isolation is safe.
struct SendableHasher<H: HashFunction>: @unchecked Sendable {
    private var hasher = H()

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }
}
