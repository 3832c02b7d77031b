/// Condition keys and their values for one request (keys case-insensitive, values multi-valued).
///
/// A key with no values reads as absent, as AWS treats an empty set.
public struct ConditionContext: Sendable, Hashable {
    private var entries: [String: Entry]

    private struct Entry: Sendable, Hashable {
        var key: String
        var values: [String]
    }

    public init(_ values: [String: [String]] = [:]) {
        entries = [:]
        for (key, list) in values { self[key] = list }
    }

    /// The values of `key`, compared without regard to case; `nil` when absent or empty.
    public subscript(key: String) -> [String]? {
        get {
            guard let values = entries[key.lowercased()]?.values, !values.isEmpty else { return nil }
            return values
        }
        set {
            if let newValue {
                entries[key.lowercased()] = Entry(key: key, values: newValue)
            } else {
                entries[key.lowercased()] = nil
            }
        }
    }

    /// Every key, as it was last written.
    public var keys: [String] { entries.values.map(\.key).sorted() }

    /// Sets a key that has a single value.
    public mutating func set(_ key: String, _ value: String) {
        self[key] = [value]
    }

    /// This context with `other`'s keys replacing its own.
    public func merging(_ other: ConditionContext) -> ConditionContext {
        var merged = self
        for (lowered, entry) in other.entries { merged.entries[lowered] = entry }
        return merged
    }
}

extension ConditionContext: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, [String])...) {
        self.init()
        for (key, values) in elements { self[key] = values }
    }
}
