import Synchronization

/// How many requests this server has answered `500` since it started: none should ever be, so the health endpoint
/// reports it and the test kit fails a test that made one.
public final class InternalErrorCount: Sendable {
    private let count = Atomic<Int>(0)

    public init() {}

    /// Counts one more `500` answer.
    public func record() {
        count.wrappingAdd(1, ordering: .relaxed)
    }

    /// The answers counted so far.
    public var value: Int { count.load(ordering: .relaxed) }
}
