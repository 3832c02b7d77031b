import Synchronization

/// A memo of values by key, bounded in size and shared by every copy of what holds it, for results that are costly
/// to make and asked for again (derived keys, decoded texts).
///
/// Two generations approximate least-recently-used: when the young one fills up it becomes the old one, and a key
/// still in use is promoted back on its next hit.
public final class BoundedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Generations {
        var young: [Key: Value] = [:]
        var old: [Key: Value] = [:]
    }

    private let capacity: Int
    private let generations = Mutex(Generations())

    /// A cache holding at most about `capacity` keys in each of its two generations.
    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The value kept for `key`, else the one `make` returns, which is kept. `make` runs outside the lock, so
    /// concurrent misses never queue behind each other's work.
    public func value(for key: Key, orMake make: () throws -> Value) rethrows -> Value {
        let cached: Value? = generations.withLock { state in
            if let value = state.young[key] { return value }
            guard let value = state.old[key] else { return nil }
            insert(key, value, into: &state)
            return value
        }
        if let cached { return cached }
        let made = try make()
        generations.withLock { insert(key, made, into: &$0) }
        return made
    }

    private func insert(_ key: Key, _ value: Value, into state: inout Generations) {
        if state.young.count >= capacity {
            state.old = state.young
            state.young = [:]
        }
        state.young[key] = value
    }
}
