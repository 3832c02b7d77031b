import Provisioning
/// `Metadata.AWS::CloudFormation::Interface`: how a console groups, orders and labels a template's parameters.
public struct ParameterInterface: Sendable, Hashable {
    /// One titled group of parameters, in the order the form shows them.
    public struct Group: Sendable, Hashable {
        public var label: String?
        public var parameters: [String]
    }

    public var groups: [Group]
    /// Friendly names for parameters, keyed by parameter name.
    public var labels: [String: String]

    /// The interface a template's `Metadata` declares, nil when it declares none.
    init?(metadata: TemplateValue?) {
        guard let interface = metadata?["AWS::CloudFormation::Interface"] else { return nil }
        groups = (interface["ParameterGroups"]?.arrayValue ?? []).map { group in
            Group(
                label: group["Label"]?["default"]?.stringValue,
                parameters: (group["Parameters"]?.arrayValue ?? []).compactMap(\.stringValue)
            )
        }
        var labels: [String: String] = [:]
        for (name, label) in interface["ParameterLabels"]?.objectValue ?? [:] {
            if let text = label["default"]?.stringValue { labels[name] = text }
        }
        self.labels = labels
    }
}

extension Template {
    /// The parameter groups and labels the template's metadata declares.
    public var interface: ParameterInterface? { ParameterInterface(metadata: metadata) }
}
