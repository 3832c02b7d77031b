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
