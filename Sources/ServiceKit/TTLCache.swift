import Foundation
import Synchronization

/// A bounded map whose entries expire after a fixed lifetime, for lookups on every request (identities, buckets).
public final class TTLCache<Value: Sendable>: Sendable {
    private let entries = Mutex<[String: (value: Value, storedAt: Date)]>([:])
    private let lifetime: TimeInterval
    private let capacity: Int

    public init(lifetime: TimeInterval, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached value, or the one `load` produces (and caches) when there is none or it is too old.
    public func value(for key: String, now: Date, load: () async throws -> Value) async rethrows -> Value {
        if let entry = entries.withLock({ $0[key] }), now.timeIntervalSince(entry.storedAt) < lifetime {
            return entry.value
        }
        let value = try await load()
        entries.withLock { entries in
            // Dropping everything at the bound is crude but keeps memory flat under a flood of keys.
            if entries.count >= capacity { entries.removeAll() }
            entries[key] = (value, now)
        }
        return value
    }

    /// Forgets one key.
    public func remove(_ key: String) {
        entries.withLock { _ = $0.removeValue(forKey: key) }
    }

    public func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
