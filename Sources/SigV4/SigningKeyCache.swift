import SlipwayCore

/// A bounded cache of derived signing keys, shared by every copy of a verifier.
/// Deriving a key costs four HMACs and a key stays valid for a whole day, so almost every request hits.
final class SigningKeyCache: Sendable {
    private struct Entry: Hashable {
        var secretAccessKey: String
        var dateStamp: String
        var region: String
        var service: String
    }

    private let keys: BoundedCache<Entry, SigningKey>

    init(capacity: Int = 1_024) {
        keys = BoundedCache(capacity: capacity)
    }

    func key(secretAccessKey: String, dateStamp: String, region: String, service: String) -> SigningKey {
        keys.value(for: Entry(secretAccessKey: secretAccessKey, dateStamp: dateStamp, region: region, service: service)) {
            SigningKey(secretAccessKey: secretAccessKey, dateStamp: dateStamp, region: region, service: service)
        }
    }
}
