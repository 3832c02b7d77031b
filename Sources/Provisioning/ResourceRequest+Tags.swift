extension ResourceRequest {
    /// The tags a resource gets: the stack's tags the template's `Tags` do not set, then those `Tags`. `aws:` tags
    /// (CloudFormation's own) only for services that let the system write them.
    public func tags(declaredIn properties: TemplateValue, includingSystemTags: Bool) -> [(key: String, value: String)] {
        let declared = (properties["Tags"]?.arrayValue ?? []).compactMap { tag -> (key: String, value: String)? in
            tag["Key"]?.scalarText.map { ($0, tag["Value"]?.scalarText ?? "") }
        }
        let inherited = stackTags.filter { tag in
            (includingSystemTags || !tag.key.hasPrefix("aws:")) && !declared.contains { $0.key == tag.key }
        }
        return inherited + declared
    }
}

/// How an update changes a resource's tags: the keys to remove, and the tags to set when any was added or changed.
public struct TagChange: Sendable {
    public var removed: [String]
    /// Every tag the resource should carry, when any was added or changed; nil when none was.
    public var set: [(key: String, value: String)]?
}

extension ResourceRequest {
    /// The change from the tags the resource got with `old` properties to those it gets now.
    public func tagChange(from old: TemplateValue, includingSystemTags: Bool) -> TagChange {
        var previous = self
        previous.properties = old
        let wanted = tags(declaredIn: properties, includingSystemTags: includingSystemTags)
        let had = previous.tags(declaredIn: old, includingSystemTags: includingSystemTags)
        let wantedMap = Dictionary(wanted.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        let hadMap = Dictionary(had.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
        return TagChange(
            removed: had.map(\.key).filter { wantedMap[$0] == nil },
            set: wantedMap.contains { hadMap[$0.key] != $0.value } ? wanted : nil
        )
    }
}
