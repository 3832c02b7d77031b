import Provisioning
import OrderedCollections

/// What intrinsic functions resolve against: parameter values, pseudo parameters, conditions, mappings, and —
/// through closures the engine supplies — resources' physical ids and attributes, zones and other stacks' exports.
public struct EvaluationContext: Sendable {
    /// Parameter values: a string, or for list types the items.
    public var parameters: [String: TemplateValue]
    public var accountID: String
    public var region: String
    public var stackName: String
    public var stackID: String
    public var notificationARNs: [String] = []
    /// Condition names and their values, once evaluated.
    public var conditions: [String: Bool] = [:]
    public var mappings: OrderedDictionary<String, TemplateValue> = [:]
    /// A resource's `Ref` value, nil when the template has no such resource.
    public var reference: @Sendable (String) -> TemplateValue? = { _ in nil }
    /// A resource attribute, nil when the resource or attribute does not exist.
    public var attribute: @Sendable (String, String) -> TemplateValue? = { _, _ in nil }
    /// The availability zones of a region.
    public var availabilityZones: @Sendable (String) -> [String] = { region in ["a", "b", "c"].map { region + $0 } }
    /// Another stack's export, nil when nothing exports that name.
    public var importedValue: @Sendable (String) -> String? = { _ in nil }

    public init(parameters: [String: TemplateValue], accountID: String, region: String, stackName: String, stackID: String) {
        self.parameters = parameters
        self.accountID = accountID
        self.region = region
        self.stackName = stackName
        self.stackID = stackID
    }

    /// `AWS::…` pseudo parameters; `AWS::NoValue` is handled by the resolver (it removes the property).
    func pseudoParameter(_ name: String) -> TemplateValue? {
        switch name {
        case "AWS::AccountId": .string(accountID)
        case "AWS::Region": .string(region)
        case "AWS::StackName": .string(stackName)
        case "AWS::StackId": .string(stackID)
        case "AWS::Partition": .string("aws")
        case "AWS::URLSuffix": .string("amazonaws.com")
        case "AWS::NotificationARNs": .array(notificationARNs.map(TemplateValue.string))
        default: nil
        }
    }
}
