import Synchronization

/// A bounded cache of derived signing keys, shared by every copy of a verifier.
/// Deriving a key costs four HMACs and a key stays valid for a whole day, so almost every request hits.
final class SigningKeyCache: Sendable {
    private struct Entry: Hashable {
        var secretAccessKey: String
        var dateStamp: String
        var region: String
        var service: String
    }

    // Two generations make a cheap approximation of LRU: when the young one fills up it becomes the old one,
    // and anything still in use is promoted back on its next hit.
    private struct Generations {
        var young: [Entry: SigningKey] = [:]
        var old: [Entry: SigningKey] = [:]
    }

    private let capacity: Int
    private let generations = Mutex(Generations())

    init(capacity: Int = 1_024) {
        self.capacity = max(1, capacity)
    }

    func key(secretAccessKey: String, dateStamp: String, region: String, service: String) -> SigningKey {
        let entry = Entry(secretAccessKey: secretAccessKey, dateStamp: dateStamp, region: region, service: service)
        let cached: SigningKey? = generations.withLock { state in
            if let key = state.young[entry] { return key }
            guard let key = state.old[entry] else { return nil }
            insert(entry, key, into: &state)
            return key
        }
        if let cached { return cached }
        // Derived outside the lock so that concurrent misses do not queue behind each other's HMACs.
        let key = SigningKey(secretAccessKey: secretAccessKey, dateStamp: dateStamp, region: region, service: service)
        generations.withLock { insert(entry, key, into: &$0) }
        return key
    }

    private func insert(_ entry: Entry, _ key: SigningKey, into state: inout Generations) {
        if state.young.count >= capacity {
            state.old = state.young
            state.young = [:]
        }
        state.young[entry] = key
    }
}
