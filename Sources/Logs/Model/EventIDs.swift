import Foundation
import Synchronization

/// Event ids that sort in arrival order within a millisecond: the ingestion time, a per-process counter and a random
/// part that keeps ids of different servers apart.
final class EventIDs: Sendable {
    private let counter = Atomic<UInt64>(0)
    private let server = String(UInt32.random(in: 0...UInt32.max), radix: 36)

    func next(ingestion: Int64) -> String {
        let count = counter.wrappingAdd(1, ordering: .relaxed).newValue
        let time = String(ingestion), sequence = String(count)
        return String(repeating: "0", count: max(0, 14 - time.count)) + time + "-" + String(repeating: "0", count: max(0, 12 - sequence.count)) + sequence + "-" + server
    }
}
